package dev.loadbearing.grading;

import java.time.Duration;

/**
 * Admission limits that hold across every node on one database, instead of in one JVM: the
 * rate limits' token buckets and the grading queue's size.
 */
public interface SharedAdmission {
    /**
     * Takes a token from a bucket of {@code burst} tokens refilled at {@code perMinute}.
     *
     * @return null when a token was taken, else how long until one is free
     */
    Duration take(String bucket, int perMinute, int burst);

    /** Null when the shared queue has room for one more grading, else how long to wait before trying again. */
    Duration full();
}
