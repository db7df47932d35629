package dev.loadbearing.sim.scale;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Time;

/**
 * What a fleet measured in one window of time, as a monitoring system reports it.
 *
 * @param start when the window started, in nanoseconds since the start of the run
 * @param end when it ended
 * @param requests requests that arrived in the window
 * @param served requests answered successfully in the window
 * @param errors requests that failed in the window: dropped, timed out, or sent when no
 *     instance was serving
 * @param p50Ms the median latency of the window's successful answers, in milliseconds (0 if none)
 * @param p95Ms their 95th percentile
 * @param p99Ms their 99th percentile
 * @param utilization the share of the serving instances' worker time spent serving, 0 to 1
 * @param running instances serving at the end of the window
 * @param booting instances launched but not yet serving
 * @param restarting instances out of service while they change size
 * @param type the size instances have (or get, during a resize)
 */
@LearnerApi(allMembers = true)
public record FleetWindow(long start, long end, long requests, long served, long errors,
        double p50Ms, double p95Ms, double p99Ms, double utilization,
        int running, int booting, int restarting, InstanceType type) {

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
     * @return requests per second
     */
    public double requestsPerSecond() {
        return requests / seconds();
    }

    /**
     * Returns every instance the fleet has: serving, booting and restarting. This is the
     * number {@link Scaling#to(int)} compares with.
     *
     * @return instances
     */
    public int instances() {
        return running + booting + restarting;
    }

    /**
     * Returns the share of the window's finished requests that failed.
     *
     * @return errors / (served + errors), 0 when none finished
     */
    public double errorRate() {
        long finished = served + errors;
        return finished == 0 ? 0 : errors / (double) finished;
    }
}
