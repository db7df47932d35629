package dev.loadbearing.sim.server;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A request from a client for a key, and what became of it. Workloads create requests; servers
 * record when each one arrived, started and finished, and how it ended. Times are nanoseconds of
 * virtual time, -1 until they happen.
 */
@LearnerApi
public final class Request {
    private final long id;
    private final Client client;
    private final int key;
    private final long createdAt;
    private String path;
    private Consumer<Request> onComplete;

    long arrivedAt = -1;
    long startedAt = -1;
    long finishedAt = -1;
    Outcome outcome;
    Server server;
    int worker = -1;
    Outcome pendingOutcome;
    /** The pool that routed the request, told of its outcome before the client (package-private: no forging). */
    Consumer<Request> observer;

    /**
     * Creates a request.
     *
     * @param id its number
     * @param client who sends it
     * @param key the key it asks for (its path is {@code /items/<key>})
     * @param createdAt when it was sent, in nanoseconds
     */
    @LearnerApi.Internal("requests come from the workload; a load balancer routes the one it is given")
    public Request(long id, Client client, int key, long createdAt) {
        this.id = id;
        this.client = Objects.requireNonNull(client, "client");
        this.key = key;
        this.createdAt = createdAt;
    }

    /**
     * Sets what to call once the request has an outcome; it is called exactly once.
     *
     * @param listener the completion callback
     * @return this request
     */
    @LearnerApi.Internal("the workload measures outcomes; a load balancer sees recent latencies through Backend.recentLatencyMs()")
    public Request onComplete(Consumer<Request> listener) {
        this.onComplete = listener;
        return this;
    }

    /**
     * Returns the request's number.
     *
     * @return the id given by its workload
     */
    @LearnerApi
    public long id() {
        return id;
    }

    /**
     * Returns who sent the request.
     *
     * @return the client
     */
    @LearnerApi
    public Client client() {
        return client;
    }

    /**
     * Returns the sender's IP address, what an IP-hash load balancer hashes.
     *
     * @return the client's IP
     */
    @LearnerApi
    public String clientIp() {
        return client.ip();
    }

    /**
     * Returns the key asked for; with Zipf popularity, key 1 is the most popular.
     *
     * @return the key
     */
    @LearnerApi
    public int key() {
        return key;
    }

    /**
     * Returns the URL path, what a URL-hash load balancer hashes ({@code /health} for a pool's
     * health probes).
     *
     * @return {@code /items/<key>}
     */
    @LearnerApi
    public String path() {
        if (path == null && id < 0) {
            path = "/health";
        }
        if (path == null) {
            path = "/items/" + key;
        }
        return path;
    }

    /**
     * Returns when the client sent the request.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    public long createdAt() {
        return createdAt;
    }

    /**
     * Returns when the request reached a server.
     *
     * @return nanoseconds, or -1
     */
    public long arrivedAt() {
        return arrivedAt;
    }

    /**
     * Returns when a worker started serving the request.
     *
     * @return nanoseconds, or -1 if it never started
     */
    public long startedAt() {
        return startedAt;
    }

    /**
     * Returns when the request got its outcome.
     *
     * @return nanoseconds, or -1 while pending
     */
    public long finishedAt() {
        return finishedAt;
    }

    /**
     * Returns how the request ended.
     *
     * @return the outcome, or {@code null} while pending
     */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Returns whether the request has an outcome.
     *
     * @return {@code true} once completed
     */
    public boolean isDone() {
        return outcome != null;
    }

    /**
     * Returns the name of the server the request was sent to.
     *
     * @return the server's name, or {@code null} if it reached none
     */
    public String serverName() {
        return server == null ? null : server.name();
    }

    /**
     * Returns the time from sending to outcome, what the client experiences.
     *
     * @return nanoseconds, or -1 while pending
     */
    public long latency() {
        return finishedAt < 0 ? -1 : finishedAt - createdAt;
    }

    /**
     * Returns the time spent queued at the server before a worker took it.
     *
     * @return nanoseconds, or -1 if it never started
     */
    public long waited() {
        return startedAt < 0 ? -1 : startedAt - arrivedAt;
    }

    /**
     * Gives the request its outcome and calls its completion listener; later calls are ignored,
     * so a request that timed out stays timed out when its server finishes it. Only servers and
     * pools of this package decide outcomes: a public {@code complete} would let code under test
     * finish requests early and forge the latency it is measured by.
     */
    void complete(long time, Outcome result) {
        if (outcome != null) {
            return;
        }
        outcome = Objects.requireNonNull(result, "result");
        finishedAt = time;
        if (observer != null) {
            observer.accept(this);
        }
        if (onComplete != null) {
            onComplete.accept(this);
        }
    }

    @Override
    public String toString() {
        return "request #" + id + " from " + client.name();
    }
}
