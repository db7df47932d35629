package dev.loadbearing.sim.metrics;

import java.util.Locale;

/**
 * Latency percentiles in milliseconds, as reports show them.
 *
 * @param count how many latencies were recorded
 * @param meanMs the mean
 * @param p50Ms the median
 * @param p90Ms the 90th percentile
 * @param p99Ms the 99th percentile
 * @param maxMs the largest
 */
public record LatencySummary(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms,
        double maxMs) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "n=%d mean=%.3f ms p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms",
                count, meanMs, p50Ms, p90Ms, p99Ms, maxMs);
    }
}
