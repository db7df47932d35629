package dev.loadbearing.sim.rpc;

/**
 * What an {@link RpcService} has done so far.
 *
 * @param received calls that reached it (every attempt counts: the load on the service)
 * @param served calls it answered with OK
 * @param failed calls it answered with INTERNAL
 * @param rejected calls refused with RESOURCE_EXHAUSTED because the queue was full
 * @param refused calls refused with UNAVAILABLE because it was down
 * @param reset calls in its hands when it crashed (answered UNAVAILABLE)
 * @param expired calls whose deadline had passed before a worker took them: dropped without work
 * @param cancelled calls stopped by a cancellation or by their deadline, queued or in service
 * @param busyNanos worker time spent on calls
 * @param wastedNanos worker time spent on calls that were then stopped, so nobody got the answer
 */
public record RpcServiceStats(long received, long served, long failed, long rejected, long refused, long reset,
        long expired, long cancelled, long busyNanos, long wastedNanos) {

    /**
     * Returns the share of worker time that went into answers nobody received.
     *
     * @return wasted / busy, 0 when idle
     */
    public double wastedShare() {
        return busyNanos == 0 ? 0 : wastedNanos / (double) busyNanos;
    }
}
