package dev.loadbearing.sim.bench.oldrace;

import java.util.Objects;

/**
 * A variable shared by the processes of a {@link Race}, such as an account balance. Each
 * {@link #read}, {@link #write} and {@link #compareAndSet} is one atomic step; another process
 * may run between two of them. Make one with {@link Shared#value}.
 *
 * @param <T> the value type (compared with {@code equals})
 */
public final class SharedValue<T> {

    private final Execution<?> run;
    private final String name;
    private T value;

    SharedValue(Execution<?> run, String name, T initial) {
        this.run = run;
        this.name = name;
        this.value = initial;
    }

    /** Reads the value (one step). */
    public T read() {
        return run.step(() -> true, () -> value, v -> "reads " + name + " = " + v);
    }

    /** Replaces the value (one step). */
    public void write(T newValue) {
        run.step(() -> true, () -> {
            value = newValue;
            return newValue;
        }, v -> "writes " + name + " = " + v);
    }

    /**
     * Sets the value to {@code newValue} only if it still equals {@code expected}, atomically (one
     * step).
     *
     * @return whether the value was replaced
     */
    public boolean compareAndSet(T expected, T newValue) {
        return run.step(() -> true, () -> {
            T found = value;
            if (!Objects.equals(found, expected)) {
                return "failed, it is " + found;
            }
            value = newValue;
            return null;
        }, outcome -> "compare-and-sets " + name + " from " + expected + " to " + newValue + ": "
                + (outcome == null ? "done" : outcome)) == null;
    }

    /** The current value, without taking a step: for invariants and checks, not for processes. */
    public T peek() {
        return value;
    }

    /** The variable's name. */
    public String name() {
        return name;
    }

    /** E.g. {@code "balance = 50"}. */
    @Override
    public String toString() {
        return name + " = " + value;
    }
}
