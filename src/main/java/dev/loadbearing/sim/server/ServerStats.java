package dev.loadbearing.sim.server;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a {@link Server} has done so far.
 *
 * @param arrived requests that reached it, refused ones included
 * @param served requests a worker finished, including ones whose client had timed out
 * @param outcomes how many requests at this server ended with each outcome
 * @param utilization busy worker time / (workers x elapsed time), between 0 and about 1
 */
public record ServerStats(long arrived, long served, Map<Outcome, Long> outcomes, double utilization) {
    /** Copies the counts in outcome order (an EnumMap: Map.copyOf's order would change between JVM runs). */
    public ServerStats {
        outcomes = Collections.unmodifiableMap(new EnumMap<>(outcomes));
    }

    /**
     * Returns how many requests ended with an outcome.
     *
     * @param outcome an outcome
     * @return the count
     */
    public long count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }
}
