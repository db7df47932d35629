package dev.loadbearing.sim.race;

import java.util.Objects;

/**
 * One atomic step of a run of a {@link Race}: which process did what to which shared object.
 * {@link #toString} is the line learners read, e.g. {@code "ATM-A reads balance = 100"}.
 *
 * @param process  the process that took the step, e.g. {@code "ATM-A"}
 * @param kind     what it did
 * @param target   the name of the shared object, e.g. {@code "balance"}
 * @param value    the value read ({@link Kind#READ}; a {@link Versioned} for a {@link VersionedRow}), or
 *                 the value written or proposed ({@link Kind#WRITE}, {@link Kind#COMPARE_AND_SET},
 *                 {@link Kind#WRITE_IF_VERSION}); null for locks
 * @param expected what a conditional step expected: the value for {@link Kind#COMPARE_AND_SET},
 *                 the version for {@link Kind#WRITE_IF_VERSION}; null otherwise
 * @param found    what a conditional step found: the value, or the row's version, it compared
 *                 with {@code expected}; null otherwise
 */
public record Step(String process, Kind kind, String target, Object value, Object expected, Object found) {

    /** What a step does. */
    public enum Kind {
        /** {@link SharedValue#read} or {@link VersionedRow#read}. */
        READ,
        /** {@link SharedValue#write}. */
        WRITE,
        /** {@link SharedValue#compareAndSet}. */
        COMPARE_AND_SET,
        /** {@link VersionedRow#writeIfVersion}. */
        WRITE_IF_VERSION,
        /** {@link Mutex#lock}. */
        LOCK,
        /** {@link Mutex#unlock}. */
        UNLOCK
    }

    /** Whether a conditional step took effect; true for every other step. */
    public boolean succeeded() {
        return switch (kind) {
            case COMPARE_AND_SET, WRITE_IF_VERSION -> Objects.equals(found, expected);
            default -> true;
        };
    }

    /** Whether the step changed its target (a read, or a conditional step that did not take effect, did not). */
    public boolean changes() {
        return kind != Kind.READ && succeeded();
    }

    /** E.g. {@code "ATM-B compare-and-sets balance from 100 to 20: failed, it is 50"}. */
    @Override
    public String toString() {
        String what = switch (kind) {
            case READ -> value instanceof Versioned<?> v
                    ? "reads " + target + " = " + v.value() + " (version " + v.version() + ")"
                    : "reads " + target + " = " + value;
            case WRITE -> "writes " + target + " = " + value;
            case COMPARE_AND_SET -> "compare-and-sets " + target + " from " + expected + " to " + value + ": "
                    + (succeeded() ? "done" : "failed, it is " + found);
            case WRITE_IF_VERSION -> "writes " + target + " = " + value + " if at version " + expected + ": "
                    + (succeeded() ? "done, now version " + ((Long) found + 1) : "rejected, it is at version " + found);
            case LOCK -> "locks " + target;
            case UNLOCK -> "unlocks " + target;
        };
        return process + " " + what;
    }
}
