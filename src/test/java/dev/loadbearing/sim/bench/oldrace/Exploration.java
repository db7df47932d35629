package dev.loadbearing.sim.bench.oldrace;

import java.util.Optional;

/**
 * The outcome of exploring a {@link Race}.
 *
 * @param runs     interleavings run
 * @param complete true when every possible interleaving was run (only {@link Race#exploreAll})
 * @param failed   the first interleaving that broke a rule, or null if none did
 */
public record Exploration(int runs, boolean complete, Interleaving failed) {

    /** The first interleaving that broke a rule, deadlocked or threw. */
    public Optional<Interleaving> failure() {
        return Optional.ofNullable(failed);
    }

    /** True when no explored interleaving failed. */
    public boolean passed() {
        return failed == null;
    }

    @Override
    public String toString() {
        String scope = runs + (complete ? " interleavings (all of them)" : " interleavings");
        return failed == null ? "No problem in " + scope + "." : "Failed after " + scope + ":\n" + failed;
    }
}
