package dev.loadbearing.sim.race;

import dev.loadbearing.sim.engine.LearnerApi;

import java.util.Objects;

/**
 * A variable shared by the processes of a {@link Race}, such as an account balance: the race
 * model's only shared memory. Each {@link #read}, {@link #write} and {@link #compareAndSet} is
 * one atomic step; another process may run between two of them. Make one with
 * {@link Shared#value}.
 *
 * <pre>{@code
 * int seen = balance.read();
 * if (seen >= amount) {
 *     balance.write(seen - amount);   // another ATM may have written in between
 * }
 * }</pre>
 *
 * @param <T> the value type (compared with {@code equals}); use immutable values such as
 *            {@code Integer}, {@code String} or records
 */
@LearnerApi
public final class SharedValue<T> extends SharedObject {

    private T value;

    SharedValue(Execution<?> run, String name, T initial) {
        super(run, name);
        this.value = initial;
    }

    /** Reads the value (one step). */
    @SuppressWarnings("unchecked")
    @LearnerApi
    public T read() {
        return (T) run.call(this, Step.Kind.READ, null, null);
    }

    /** Replaces the value (one step). */
    @LearnerApi
    public void write(T newValue) {
        run.call(this, Step.Kind.WRITE, newValue, null);
    }

    /**
     * Sets the value to {@code newValue} only if it still equals {@code expected}, atomically (one
     * step).
     *
     * @return whether the value was replaced
     */
    @LearnerApi
    public boolean compareAndSet(T expected, T newValue) {
        return Objects.equals(run.call(this, Step.Kind.COMPARE_AND_SET, expected, newValue), expected);
    }

    /**
     * The current value, without taking a step: for invariants and checks. A process that calls it
     * fails (it would read memory outside the explorer's steps).
     */
    @LearnerApi.Internal("read() it: a read inside a process is a step the explorer interleaves; peek() is for the tests, after the run")
    public T peek() {
        run.outsideProcesses(name + ".peek()");
        return value;
    }

    /** The variable's name. */
    @LearnerApi
    public String name() {
        return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    Object apply(Execution.Call call, String process) {
        switch (call.kind) {
            case READ:
                return value;
            case WRITE:
                value = (T) call.a;
                return null;
            default: // COMPARE_AND_SET: returns what it found
                T found = value;
                if (Objects.equals(found, call.a)) {
                    value = (T) call.b;
                }
                return found;
        }
    }

    @Override
    Step step(Execution.Call call, String process) {
        return switch (call.kind) {
            case READ -> new Step(process, Step.Kind.READ, name, call.result, null, null);
            case COMPARE_AND_SET -> new Step(process, Step.Kind.COMPARE_AND_SET, name, call.b, call.a, call.result);
            default -> new Step(process, call.kind, name, call.a, null, null);
        };
    }

    /** E.g. {@code "balance = 50"}. */
    @Override
    public String toString() {
        return name + " = " + value;
    }
}
