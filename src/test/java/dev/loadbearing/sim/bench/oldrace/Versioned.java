package dev.loadbearing.sim.bench.oldrace;

/**
 * A value read from a {@link VersionedRow} together with the row's version at that moment.
 *
 * @param value   the value
 * @param version the row's version; it grows by one with every successful write
 * @param <T>     the value type
 */
public record Versioned<T>(T value, long version) {
}
