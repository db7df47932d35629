package dev.loadbearing.sim.race;

import java.util.Optional;

/**
 * The outcome of exploring a {@link Race}: whether a run failed, passed every run asked for, or
 * stopped because its {@link Budget} ran out before it could say.
 *
 * @param verdict    what the exploration found
 * @param runs       interleavings run
 * @param exhaustive whether it was a search of every interleaving ({@link Race#exploreAll}) rather
 *                   than of seeds
 * @param failed     the first interleaving that broke a rule, deadlocked or threw; null unless
 *                   {@link Verdict#FAILED}
 * @param budget     the budget it ran under
 */
public record Exploration(Verdict verdict, int runs, boolean exhaustive, Interleaving failed, Budget budget) {

    /** What an exploration found. */
    public enum Verdict {
        /** Every run asked for was made (every interleaving, or every seed) and none failed. */
        PASSED,
        /** A run failed: see {@link #failure()}. */
        FAILED,
        /** The budget ran out first: no run failed, but not every run asked for was made. */
        OUT_OF_BUDGET
    }

    /** The first interleaving that broke a rule, deadlocked or threw. */
    public Optional<Interleaving> failure() {
        return Optional.ofNullable(failed);
    }

    /** True when every run asked for was made and none failed (false when the budget ran out). */
    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /** True when every possible interleaving was run and none failed. */
    public boolean complete() {
        return exhaustive && verdict == Verdict.PASSED;
    }

    /** True when the exploration stopped because its budget ran out. */
    public boolean outOfBudget() {
        return verdict == Verdict.OUT_OF_BUDGET;
    }

    @Override
    public String toString() {
        return switch (verdict) {
            case PASSED -> "No problem in " + runs + (exhaustive ? " interleavings (all of them)." : " interleavings.");
            case FAILED -> "Failed after " + runs + " interleavings:\n" + failed;
            case OUT_OF_BUDGET -> "Not finished: the budget (" + budget + ") ran out after " + runs
                    + " interleavings. None of them failed, but the "
                    + (exhaustive ? "other interleavings" : "other seeds") + " were not tried.";
        };
    }
}
