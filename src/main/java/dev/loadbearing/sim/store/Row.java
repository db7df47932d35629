package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
/**
 * A row of a simulated {@link Datastore} as a call saw it. Every committed write of a row adds one
 * to its version, so a version names one value of the row: compare-and-set uses it to detect
 * that someone else wrote in between.
 *
 * @param key the row's primary key
 * @param value its value, or {@code null} if the row does not exist
 * @param version 0 for a row never written, then 1, 2, ... one per committed write
 * @param <V> the type of values
 */
@LearnerApi(allMembers = true)
public record Row<V>(String key, V value, long version) {

    /**
     * Returns whether the row exists.
     *
     * @return {@code false} for a row never written
     */
    public boolean exists() {
        return version > 0;
    }

    @Override
    public String toString() {
        return key + "=" + value + " v" + version;
    }
}
