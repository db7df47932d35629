package dev.loadbearing.sim.node;

import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link DeliverySearch} found, or what a {@link DeliverySearch#replay(Trace)} did.
 *
 * @param verdict how it ended
 * @param invariant the invariant broken (or the goal reached), {@code null} otherwise
 * @param problem what was wrong in the violating state, in words ({@code null} if not broken)
 * @param trace the choices that lead from the start to the violating (or goal) state; for a
 *     finished search without one, empty
 * @param states distinct states the search reached (for random walks: the walks made)
 * @param depth the longest trace it explored
 * @param world the world in the violating or goal state (or at the end of a replay), to inspect;
 *     {@code null} after a search that found nothing
 * @param random whether the trace comes from a random walk (so a shorter one may exist)
 * @param <W> the search's world
 */
public record SearchResult<W>(Verdict verdict, String invariant, String problem, Trace trace, long states,
        int depth, W world, boolean random) {
    /** How a search ended. */
    public enum Verdict {
        /** An invariant broke (or a node threw): {@code trace()} leads there. */
        VIOLATED,
        /** A goal was reached: {@code trace()} leads there. */
        GOAL_REACHED,
        /** Every reachable state was explored and none broke an invariant. */
        EXHAUSTED,
        /** Every state within the depth bound was explored and none broke an invariant; longer runs were not tried. */
        DEPTH_LIMITED,
        /** The state or time budget ran out first: an unfinished search is not a pass. */
        OUT_OF_BUDGET,
        /** Random walks ({@link DeliverySearch#randomWalks}) broke nothing; other orders were not tried. */
        SAMPLED,
        /** A replayed trace broke nothing. */
        REPLAYED
    }

    /**
     * Checks the parts.
     *
     * @param verdict how it ended
     * @param invariant the invariant or goal
     * @param problem what was wrong
     * @param trace the choices
     * @param states states reached
     * @param depth longest trace explored
     * @param world the world at the end
     * @param random whether the trace comes from a random walk
     */
    public SearchResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(trace, "trace");
    }

    /**
     * Makes a result of a breadth-first search or a replay.
     *
     * @param verdict how it ended
     * @param invariant the invariant or goal
     * @param problem what was wrong
     * @param trace the choices
     * @param states states reached
     * @param depth longest trace explored
     * @param world the world at the end
     */
    public SearchResult(Verdict verdict, String invariant, String problem, Trace trace, long states, int depth,
            W world) {
        this(verdict, invariant, problem, trace, states, depth, world, false);
    }

    /**
     * Returns whether the search finished without a violation: every state (within the depth
     * bound) was explored, the random walks asked for broke nothing, or a replay broke nothing.
     *
     * @return {@code true} for exhausted, depth-limited, sampled and replayed
     */
    public boolean passed() {
        return verdict == Verdict.EXHAUSTED || verdict == Verdict.DEPTH_LIMITED || verdict == Verdict.SAMPLED
                || verdict == Verdict.REPLAYED;
    }

    /**
     * Returns whether an invariant broke.
     *
     * @return {@code true} for a violation
     */
    public boolean violated() {
        return verdict == Verdict.VIOLATED;
    }

    @Override
    public String toString() {
        return switch (verdict) {
            case VIOLATED -> String.format(Locale.ROOT, "Invariant \"%s\" broken after %d step%s (%s):%n%s%s", invariant,
                    trace.length(), trace.length() == 1 ? "" : "s", random
                            ? String.format(Locale.ROOT, "found by random walk %,d; a shorter order may exist", states)
                            : String.format(Locale.ROOT, "%,d states explored; no shorter order breaks it", states),
                    trace, problem == null ? "" : String.format("%nThen: %s", problem));
            case GOAL_REACHED -> String.format(Locale.ROOT, "Goal \"%s\" reached after %d step%s (%,d states explored):%n%s",
                    invariant, trace.length(), trace.length() == 1 ? "" : "s", states, trace);
            case EXHAUSTED -> String.format(Locale.ROOT, "No invariant broken in any of the %,d reachable states "
                    + "(every delivery order, the longest %d steps).", states, depth);
            case DEPTH_LIMITED -> String.format(Locale.ROOT, "No invariant broken in the %,d states reachable within %d "
                    + "steps; longer runs were not explored.", states, depth);
            case OUT_OF_BUDGET -> String.format(Locale.ROOT, "Not finished: the budget ran out after %,d states "
                    + "(orders up to %d steps). None of them broke an invariant, but the others were not tried.", states, depth);
            case SAMPLED -> String.format(Locale.ROOT, "No invariant broken in %,d random delivery orders (up to %d "
                    + "steps); the other orders were not tried.", states, depth);
            case REPLAYED -> String.format(Locale.ROOT, "Replayed %d steps; no invariant broken:%n%s", trace.length(), trace);
        };
    }
}
