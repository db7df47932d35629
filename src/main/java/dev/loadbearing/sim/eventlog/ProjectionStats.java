package dev.loadbearing.sim.eventlog;

/**
 * A projection's numbers.
 *
 * @param batches batches delivered
 * @param delivered events delivered, duplicates and replays included
 * @param duplicates events delivered again by at-least-once delivery
 * @param replayed events delivered again after a restart although a committed batch held them
 * @param crashes crashes of the projector
 * @param busyTime time spent fetching and working on batches
 * @param maxBatchWork the most time one batch's view and log calls took (commit cost excluded)
 */
public record ProjectionStats(long batches, long delivered, long duplicates, long replayed, long crashes,
        long busyTime, long maxBatchWork) {
}
