package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Time;

/**
 * What a function platform measured in one window of time, as its monitoring reports it.
 *
 * @param start when the window started, in nanoseconds since the start of the run
 * @param end when it ended
 * @param invocations requests that arrived in the window (throttled ones included)
 * @param coldStarts invocations that had to wait for a new instance to start
 * @param throttled invocations refused because the concurrency limit was reached
 * @param errors invocations that ran and failed (a database that refused a connection)
 * @param p50Ms the median latency of the window's finished invocations, cold starts included,
 *     in milliseconds (0 if none)
 * @param p99Ms their 99th percentile
 * @param peakRequestsPerSecond the most invocations that arrived in any one second of the window
 * @param meanDurationMs the mean time the handler ran, in milliseconds, the wait for a cold
 *     start left out (0 if none finished)
 * @param peakConcurrency the most invocations running at once during the window (including
 *     those waiting for a cold start, which hold their new instance meanwhile)
 * @param meanConcurrency the average number running at once
 * @param provisioned the provisioned concurrency configured at the end of the window
 * @param provisionedReady provisioned instances initialised and able to serve
 * @param onDemand on-demand instances alive (busy or idle) at the end of the window
 */
@LearnerApi(allMembers = true)
public record FunctionWindow(long start, long end, long invocations, long coldStarts, long throttled, long errors,
        double p50Ms, double p99Ms, long peakRequestsPerSecond, double meanDurationMs, int peakConcurrency, double meanConcurrency, int provisioned,
        int provisionedReady, int onDemand) {

    /**
     * Returns the window's length in seconds.
     *
     * @return seconds
     */
    public double seconds() {
        return Time.toSeconds(end - start);
    }

    /**
     * Returns the arrival rate over the window.
     *
     * @return invocations per second
     */
    public double requestsPerSecond() {
        return invocations / seconds();
    }

    /**
     * Returns the share of the window's invocations that were cold starts.
     *
     * @return cold starts / invocations, 0 when there were none
     */
    public double coldStartRate() {
        return invocations == 0 ? 0 : coldStarts / (double) invocations;
    }
}
