package dev.loadbearing.sim.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link Datastore} has done so far.
 *
 * @param counts calls and outcomes by label ({@code "read"}, {@code "commit"}, {@code "lock timeout"}...), sorted
 * @param lockWaits operations that had to wait for a row lock
 * @param lockWaitTime total time spent waiting for locks, in nanoseconds
 */
public record DatastoreStats(Map<String, Long> counts, long lockWaits, long lockWaitTime) {
    /** Copies the counts, sorted by label (a TreeMap: Map.copyOf's order would change between JVM runs). */
    public DatastoreStats {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /**
     * Returns one count.
     *
     * @param what its label
     * @return the count, 0 when it never happened
     */
    public long count(String what) {
        return counts.getOrDefault(what, 0L);
    }
}
