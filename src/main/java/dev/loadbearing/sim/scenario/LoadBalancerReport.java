package dev.loadbearing.sim.scenario;

import dev.loadbearing.sim.metrics.LatencySummary;
import dev.loadbearing.sim.figure.Figure;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a load-balancing policy did in a {@link LoadBalancerScenario}: how it spread requests,
 * the latencies and errors clients saw, and figures to draw. Serialises to JSON as it is.
 *
 * @param seed the seed of the run; running again with it gives the same report
 * @param policy the policy's class name
 * @param requests requests sent
 * @param requestsPerServer requests the policy sent to each server, in server order
 * @param latency latency of served requests
 * @param latencyPerServer latency of served requests per server, in server order
 * @param errors failed requests by kind ({@code "timed out"}), only kinds that happened
 * @param throughputPerSecond served requests per second of virtual time
 * @param durationSeconds virtual time from start to the last outcome
 * @param figures requests per server, latency histogram, load and queue length over time, and
 *     a timeline of server faults
 */
public record LoadBalancerReport(long seed, String policy, long requests,
        Map<String, Long> requestsPerServer, LatencySummary latency,
        Map<String, LatencySummary> latencyPerServer, Map<String, Long> errors,
        double throughputPerSecond, double durationSeconds, List<Figure> figures) {

    /**
     * Returns the share of requests the policy sent to a server.
     *
     * @param server the server's name
     * @return between 0 and 1
     */
    public double share(String server) {
        Long count = requestsPerServer.get(server);
        return count == null || requests == 0 ? 0 : count / (double) requests;
    }

    /**
     * Returns how many requests failed.
     *
     * @return the sum of {@link #errors()}
     */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (seed %d): %d requests, %s, errors %s, per server %s",
                policy, seed, requests, latency, errors, requestsPerServer);
    }
}
