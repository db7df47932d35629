package dev.loadbearing.sim.server;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Time;

/**
 * What a load balancer sees of one server: its name, position, load, weight, recent latency and
 * health. The view is live: it always shows the server's current state.
 */
@LearnerApi
public final class Backend {
    /** How much each new latency weighs in {@link #recentLatencyMs()}. */
    @LearnerApi
    public static final double LATENCY_SMOOTHING = 0.1;

    private final Server server;
    /** Set by the pool whenever its membership changes. */
    int index;
    private double recentLatencyMs;
    private long picks;
    /** Set when the pool runs health checks: then {@link #healthy()} is their verdict. */
    boolean checked;
    boolean probedHealthy = true;
    long ejectedUntil = -1;
    int passes;
    int failures;
    int consecutiveErrors;

    /**
     * Shows a server to a load balancer; a {@link ServerPool} makes one per server, and tests
     * of a policy can make their own.
     *
     * @param server the server
     * @param index its position in the list the policy is given, from 0 (a pool renumbers its
     *     backends when servers join or leave)
     */
    @LearnerApi.Internal("pick() is given the backends: return one of them")
    public Backend(Server server, int index) {
        this.server = server;
        this.index = index;
    }

    /**
     * Returns the server's name.
     *
     * @return the name, such as {@code "server-2"}
     */
    @LearnerApi
    public String name() {
        return server.name();
    }

    /**
     * Returns the backend's position in the list the policy is given, from 0. It stays the same
     * while the pool's membership does; when a server leaves the pool, the backends after it move
     * up one place, so a policy that must recognise a server across such changes uses
     * {@link #name()}.
     *
     * @return the index
     */
    @LearnerApi
    public int index() {
        return index;
    }

    /**
     * Returns the requests the server holds now: in service plus queued ("connections").
     *
     * @return active requests
     */
    @LearnerApi
    public int active() {
        return server.active();
    }

    /**
     * Returns the server's configured weight.
     *
     * @return the weight, 1 unless set
     */
    @LearnerApi
    public int weight() {
        return server.weight();
    }

    /**
     * Returns the recent response time seen through this load balancer: an exponentially
     * weighted moving average of served requests' latencies, each new one weighing
     * {@value #LATENCY_SMOOTHING}.
     *
     * @return milliseconds, or 0 before the first answer
     */
    @LearnerApi
    public double recentLatencyMs() {
        return recentLatencyMs;
    }

    /**
     * Returns whether the server is healthy as far as the balancer knows: with the pool's
     * {@link HealthCheck}, what its probes and outlier detection last concluded (a server that
     * has just crashed still looks healthy until the probes notice); without one, whether it is up.
     *
     * @return the health
     */
    @LearnerApi
    public boolean healthy() {
        if (!checked) {
            return server.isUp();
        }
        return probedHealthy && (ejectedUntil < 0 || server.sim().now() >= ejectedUntil);
    }

    /**
     * Returns how many requests the policy sent to this backend.
     *
     * @return picks so far
     */
    @LearnerApi
    public long picks() {
        return picks;
    }

    Server server() {
        return server;
    }

    void picked() {
        picks++;
    }

    void observe(long latencyNanos) {
        double ms = Time.toMillis(latencyNanos);
        recentLatencyMs = recentLatencyMs == 0 ? ms
                : recentLatencyMs + LATENCY_SMOOTHING * (ms - recentLatencyMs);
    }

    @Override
    public String toString() {
        return name();
    }
}
