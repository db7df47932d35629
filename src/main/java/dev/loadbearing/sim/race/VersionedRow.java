package dev.loadbearing.sim.race;

import dev.loadbearing.sim.engine.LearnerApi;

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
@LearnerApi
public final class VersionedRow<T> extends SharedObject {

    private T value;
    private long version;

    VersionedRow(Execution<?> run, String name, T initial) {
        super(run, name);
        this.value = initial;
    }

    /** Reads the value and its version (one step). */
    @SuppressWarnings("unchecked")
    @LearnerApi
    public Versioned<T> read() {
        return (Versioned<T>) run.call(this, Step.Kind.READ, null, null);
    }

    /**
     * Writes {@code newValue} only if the row is still at {@code expectedVersion} (one step),
     * like {@code UPDATE ... SET value = ?, version = version + 1 WHERE version = ?}.
     *
     * @return whether the write happened
     */
    @LearnerApi
    public boolean writeIfVersion(long expectedVersion, T newValue) {
        return (Long) run.call(this, Step.Kind.WRITE_IF_VERSION, expectedVersion, newValue) == expectedVersion;
    }

    /** The current value and version, without taking a step: for invariants and checks. */
    @LearnerApi.Internal("read() it: a read inside a process is a step the explorer interleaves; peek() is for the tests, after the run")
    public Versioned<T> peek() {
        run.outsideProcesses(name + ".peek()");
        return new Versioned<>(value, version);
    }

    @Override
    @SuppressWarnings("unchecked")
    Object apply(Execution.Call call, String process) {
        if (call.kind == Step.Kind.READ) {
            return new Versioned<>(value, version);
        }
        long found = version; // WRITE_IF_VERSION: returns the version it found
        if (found == (Long) call.a) {
            value = (T) call.b;
            version++;
        }
        return found;
    }

    @Override
    Step step(Execution.Call call, String process) {
        return call.kind == Step.Kind.READ
                ? new Step(process, Step.Kind.READ, name, call.result, null, null)
                : new Step(process, Step.Kind.WRITE_IF_VERSION, name, call.b, call.a, call.result);
    }

    /** E.g. {@code "account = 50 (version 1)"}. */
    @Override
    public String toString() {
        return name + " = " + value + " (version " + version + ")";
    }
}
