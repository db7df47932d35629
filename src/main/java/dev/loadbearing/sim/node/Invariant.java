package dev.loadbearing.sim.node;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A named rule over a {@link DeliverySearch}'s world that must hold in every state the search
 * reaches: at the start and after every delivery, loss or passing of time.
 *
 * <pre>{@code
 * Invariant.of("no acknowledged write lost", w -> w.readsSeeAcknowledgedWrites(),
 *         w -> "a get returned " + w.lastRead() + " after put " + w.lastAcked() + " was acknowledged");
 * }</pre>
 *
 * @param name what must stay true, in words; the search's report quotes it
 * @param holds whether it holds in a state
 * @param explain what is wrong in a state where it does not hold (for the report), or {@code null}
 * @param <W> the search's world
 */
public record Invariant<W>(String name, Predicate<? super W> holds, Function<? super W, String> explain) {
    /**
     * Checks the parts.
     *
     * @param name what must stay true
     * @param holds whether it holds
     * @param explain what is wrong where it does not hold, or {@code null}
     */
    public Invariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holds, "holds");
    }

    /**
     * Makes an invariant without an explanation.
     *
     * @param name what must stay true
     * @param holds whether it holds
     * @param <W> the world
     * @return the invariant
     */
    public static <W> Invariant<W> of(String name, Predicate<? super W> holds) {
        return new Invariant<>(name, holds, null);
    }

    /**
     * Makes an invariant that says what is wrong where it breaks.
     *
     * @param name what must stay true
     * @param holds whether it holds
     * @param explain what is wrong in a state where it does not hold
     * @param <W> the world
     * @return the invariant
     */
    public static <W> Invariant<W> of(String name, Predicate<? super W> holds, Function<? super W, String> explain) {
        return new Invariant<>(name, holds, explain);
    }

    String explain(W world) {
        if (explain == null) {
            return null;
        }
        return explain.apply(world);
    }
}
