package dev.loadbearing.sim.race;

import dev.loadbearing.sim.engine.LearnerApi;

import java.util.Objects;

/**
 * Makes the simulated objects of one run of a {@link Race}. The world factory given to
 * {@link Race#of} receives one, and builds the world from it:
 *
 * <pre>{@code
 * Race.of(shared -> new Bank(shared.value("balance", 100), shared.mutex("account lock")))
 * }</pre>
 *
 * Names appear in step lists and in the state shown when a rule breaks; each must be unique.
 */
@LearnerApi
public final class Shared {

    private final Execution<?> run;

    Shared(Execution<?> run) {
        this.run = run;
    }

    /** A shared variable holding {@code initial}. */
    @LearnerApi
    public <T> SharedValue<T> value(String name, T initial) {
        return run.register(new SharedValue<>(run, Objects.requireNonNull(name, "name"), initial));
    }

    /** A mutual-exclusion lock, initially free. */
    @LearnerApi
    public Mutex mutex(String name) {
        return run.register(new Mutex(run, Objects.requireNonNull(name, "name")));
    }

    /** A database row holding {@code initial} at version 0, for optimistic concurrency. */
    @LearnerApi
    public <T> VersionedRow<T> row(String name, T initial) {
        return run.register(new VersionedRow<>(run, Objects.requireNonNull(name, "name"), initial));
    }

    /** A total, initially 0, that processes add to and rules read, such as the cash dispensed. */
    @LearnerApi
    public Tally tally(String name) {
        return run.register(new Tally(run, Objects.requireNonNull(name, "name")));
    }
}
