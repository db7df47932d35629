package dev.loadbearing.sim.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sequential specification: what a single copy of the object would do, one operation at a time.
 * The {@link Linearizability} checker searches for an order of a history's operations that this
 * model accepts.
 *
 * <p>States must be immutable values with {@code equals} and {@code hashCode} (records, strings,
 * boxed numbers): the checker caches the states it has explored. States are never null.
 *
 * @param <S> the state type
 */
public interface Model<S> {

    /** The state before any operation. */
    S init();

    /**
     * Applies {@code op} to {@code state}.
     *
     * @return the state afterwards, or empty if the operation could not have produced its
     *         observed output in this state. When {@link Operation#completed()} is false the
     *         output is unknown, and only the effect matters.
     */
    Optional<S> step(S state, Operation op);

    /**
     * Splits the operations into independent groups checked separately (P-compositionality),
     * e.g. one group per key of a map. Each group keeps the history's order. By default there is
     * one group.
     *
     * @return the groups, by a name used in explanations
     */
    default Map<String, List<Operation>> partition(List<Operation> ops) {
        return Map.of("history", ops);
    }

    /** Describes a state in an explanation, e.g. {@code "the register holds 3"}. */
    default String describe(S state) {
        return "the state is " + state;
    }
}
