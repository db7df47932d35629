package dev.loadbearing.sim.race;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * A value read from a {@link VersionedRow} together with the row's version at that moment.
 *
 * @param value   the value
 * @param version the row's version; it grows by one with every successful write
 * @param <T>     the value type
 */
@LearnerApi(allMembers = true)
public record Versioned<T>(T value, long version) {
}
