package dev.loadbearing.sim.bench.oldrace;

import java.util.Objects;

/**
 * Makes the simulated objects of one run of a {@link Race}. The world factory given to
 * {@link Race#of} receives one, and builds the world from it:
 *
 * <pre>{@code
 * Race.of(shared -> new Bank(shared.value("balance", 100), shared.mutex("account lock")))
 * }</pre>
 *
 * Names appear in step lists and in the state shown when a rule breaks.
 */
public final class Shared {

    private final Execution<?> run;

    Shared(Execution<?> run) {
        this.run = run;
    }

    /** A shared variable holding {@code initial}. */
    public <T> SharedValue<T> value(String name, T initial) {
        SharedValue<T> v = new SharedValue<>(run, Objects.requireNonNull(name, "name"), initial);
        run.describe(v::toString);
        return v;
    }

    /** A mutual-exclusion lock, initially free. */
    public Mutex mutex(String name) {
        Mutex m = new Mutex(run, Objects.requireNonNull(name, "name"));
        run.describe(m::toString);
        return m;
    }

    /** A database row holding {@code initial} at version 0, for optimistic concurrency. */
    public <T> VersionedRow<T> row(String name, T initial) {
        VersionedRow<T> r = new VersionedRow<>(run, Objects.requireNonNull(name, "name"), initial);
        run.describe(r::toString);
        return r;
    }
}
