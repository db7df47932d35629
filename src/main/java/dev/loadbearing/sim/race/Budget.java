package dev.loadbearing.sim.race;

import java.time.Duration;
import java.util.Objects;

/**
 * How much work an exploration of a {@link Race} may do before it stops and reports that it ran
 * out ({@link Exploration.Verdict#OUT_OF_BUDGET}), rather than hanging or passing silently.
 *
 * @param maxRuns the most interleavings to run
 * @param maxTime the most wall-clock time to spend; checked between runs
 */
public record Budget(int maxRuns, Duration maxTime) {

    /** 100,000 runs or 5 seconds, whichever comes first. */
    public static final Budget DEFAULT = new Budget(100_000, Duration.ofSeconds(5));

    /** Checks the limits are positive. */
    public Budget {
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxRuns < 1 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("a budget needs at least one run and some time, not " + maxRuns + " runs, " + maxTime);
        }
    }

    /** At most {@code maxRuns} runs, within the default time. */
    public static Budget runs(int maxRuns) {
        return new Budget(maxRuns, DEFAULT.maxTime);
    }

    /** At most {@code maxTime}, within the default number of runs. */
    public static Budget time(Duration maxTime) {
        return new Budget(DEFAULT.maxRuns, maxTime);
    }

    /** E.g. {@code "100000 runs or 5 s"}. */
    @Override
    public String toString() {
        long ms = maxTime.toMillis();
        return maxRuns + " runs or " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms");
    }
}
