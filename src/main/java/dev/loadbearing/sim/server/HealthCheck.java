package dev.loadbearing.sim.server;

import dev.loadbearing.sim.engine.Time;

/**
 * How a {@link ServerPool} finds out which servers are healthy, as load balancers do: active
 * probes and, optionally, passive outlier detection on real traffic. Without one, a pool's
 * {@link Backend#healthy()} knows at once whether a server is up, which no real balancer does.
 *
 * <ul>
 * <li><b>Active</b>: every {@code interval} (each server at its own phase) the pool sends a probe
 * through the server's queue like any request; a probe that fails or takes longer than
 * {@code timeout} counts as a failure. {@code unhealthyAfter} failures in a row mark the server
 * unhealthy, {@code healthyAfter} successes in a row mark it healthy again.
 * <li><b>Passive</b> (when {@code ejectAfterErrors > 0}): a server whose routed requests fail
 * {@code ejectAfterErrors} times in a row is ejected for {@code ejectFor}, then given traffic
 * again.
 * </ul>
 *
 * @param interval time between probes of one server
 * @param timeout how long a probe may take
 * @param unhealthyAfter consecutive failed probes that mark a server unhealthy
 * @param healthyAfter consecutive passed probes that mark it healthy again
 * @param ejectAfterErrors consecutive failed requests that eject a server; 0 for no passive checks
 * @param ejectFor how long an ejection lasts
 */
public record HealthCheck(long interval, long timeout, int unhealthyAfter, int healthyAfter, int ejectAfterErrors,
        long ejectFor) {

    /**
     * Checks the values.
     *
     * @param interval see the record description
     * @param timeout see the record description
     * @param unhealthyAfter see the record description
     * @param healthyAfter see the record description
     * @param ejectAfterErrors see the record description
     * @param ejectFor see the record description
     */
    public HealthCheck {
        if (interval <= 0 || timeout <= 0) {
            throw new IllegalArgumentException("a health check needs a positive interval and timeout");
        }
        if (unhealthyAfter < 1 || healthyAfter < 1 || ejectAfterErrors < 0 || ejectFor < 0) {
            throw new IllegalArgumentException("thresholds must be at least 1 (ejection: 0 for none)");
        }
    }

    /**
     * Active probes only, with common defaults: every 5 s, a 2 s timeout, unhealthy after 2
     * failures, healthy after 3 passes (nginx Plus and AWS target groups default to similar).
     *
     * @return the check
     */
    public static HealthCheck active() {
        return new HealthCheck(Time.seconds(5), Time.seconds(2), 2, 3, 0, 0);
    }

    /**
     * Adds passive outlier detection to this check, as Envoy's does: eject a server for a while
     * after consecutive failed requests.
     *
     * @param errors consecutive failed requests, at least one
     * @param duration how long the server is left out
     * @return the check with outlier detection
     */
    public HealthCheck withOutlierDetection(int errors, long duration) {
        if (errors < 1) {
            throw new IllegalArgumentException("eject after at least one error");
        }
        return new HealthCheck(interval, timeout, unhealthyAfter, healthyAfter, errors, duration);
    }
}
