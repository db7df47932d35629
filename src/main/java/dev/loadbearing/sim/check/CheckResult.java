package dev.loadbearing.sim.check;

import java.util.List;

/**
 * What {@link Linearizability#check} found.
 *
 * @param verdict       linearizable, not, or unknown (the search hit its limits)
 * @param explanation   a readable account: for a violation, the longest linearizable prefix
 *                      found and the operations that could not be placed after it
 * @param partition     the group (e.g. {@code key "3"}) the verdict is about, or null when the
 *                      history is linearizable
 * @param longestPrefix the longest order of operations the model accepted, in that order
 * @param unplaced      the operations that could not be placed after that prefix; the first is
 *                      the one whose completion the search could not get past
 * @param steps         model steps the search took (a deterministic measure of effort)
 */
public record CheckResult(Verdict verdict, String explanation, String partition,
                          List<Operation> longestPrefix, List<Operation> unplaced, long steps) {

    /** The three possible answers. */
    public enum Verdict {
        /** Some order of the operations respects real time and the model. */
        LINEARIZABLE,
        /** No such order exists. */
        NOT_LINEARIZABLE,
        /** The search stopped at its step or time limit before deciding. */
        UNKNOWN
    }

    /** True only when the history was proven linearizable. */
    public boolean isLinearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    @Override
    public String toString() {
        return explanation;
    }
}
