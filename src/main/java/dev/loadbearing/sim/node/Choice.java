package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.Time;
import java.util.Objects;

/**
 * One step of a {@link DeliverySearch}: which held message arrived (or was lost, or arrived
 * once more), or that time passed to the next timer.
 *
 * @param kind what happened
 * @param message the message's network id (for {@link Kind#WAIT}, the time reached, in nanoseconds)
 * @param description what a reader sees: {@code "c1 -> n1: put x=1 (#1)"}, or for a wait the
 *     time and the events that ran
 */
public record Choice(Kind kind, long message, String description) {
    /** What a step did. */
    public enum Kind {
        /** A held message arrived (and left the network). */
        DELIVER,
        /** A held message arrived, and a copy of it stays in the network (a duplicate). */
        DUPLICATE,
        /** A held message was lost. */
        DROP,
        /** Time passed to the next pending event (a timer, a client's timeout), which ran. */
        WAIT
    }

    /**
     * Checks the parts.
     *
     * @param kind what happened
     * @param message the message id, or the time reached for a wait
     * @param description what a reader sees
     */
    public Choice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DELIVER -> "deliver " + description;
            case DUPLICATE -> "deliver (and keep a copy in flight) " + description;
            case DROP -> "lose " + description;
            case WAIT -> "time passes to " + Time.format(message) + ": " + description;
        };
    }
}
