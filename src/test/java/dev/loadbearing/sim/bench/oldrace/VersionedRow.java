package dev.loadbearing.sim.bench.oldrace;

/**
 * A database row with a version number, for optimistic concurrency: read the value and its
 * version, compute, then write only if the version is unchanged, and retry otherwise. Each call
 * is one atomic step. Make one with {@link Shared#row}.
 *
 * <pre>{@code
 * while (true) {
 *     Versioned<Integer> seen = account.read();
 *     if (seen.value() < amount) return;
 *     if (account.writeIfVersion(seen.version(), seen.value() - amount)) return;
 * }
 * }</pre>
 *
 * @param <T> the value type
 */
public final class VersionedRow<T> {

    private final Execution<?> run;
    private final String name;
    private T value;
    private long version;

    VersionedRow(Execution<?> run, String name, T initial) {
        this.run = run;
        this.name = name;
        this.value = initial;
    }

    /** Reads the value and its version (one step). */
    public Versioned<T> read() {
        return run.step(() -> true, () -> new Versioned<>(value, version),
                v -> "reads " + name + " = " + v.value() + " (version " + v.version() + ")");
    }

    /**
     * Writes {@code newValue} only if the row is still at {@code expectedVersion} (one step),
     * like {@code UPDATE ... SET value = ?, version = version + 1 WHERE version = ?}.
     *
     * @return whether the write happened
     */
    public boolean writeIfVersion(long expectedVersion, T newValue) {
        return run.step(() -> true, () -> {
            if (version != expectedVersion) {
                return false;
            }
            value = newValue;
            version++;
            return true;
        }, written -> "writes " + name + " = " + newValue + " if at version " + expectedVersion + ": "
                + (written ? "done, now version " + version : "rejected, it is at version " + version));
    }

    /** The current value and version, without taking a step: for invariants and checks. */
    public Versioned<T> peek() {
        return new Versioned<>(value, version);
    }

    /** E.g. {@code "account = 50 (version 1)"}. */
    @Override
    public String toString() {
        return name + " = " + value + " (version " + version + ")";
    }
}
