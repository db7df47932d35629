package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;

/**
 * One event in an {@link EventLog}: what happened to one entity, where it sits in the log and
 * when it was appended.
 *
 * @param position its place in the whole log: 1 for the first event, +1 for each one after
 * @param entity the entity it happened to (an order, an account: the log's stream key)
 * @param version its place in that entity's own history: 1 for the entity's first event
 * @param appendedAt when it was appended (nanoseconds since the start of the run)
 * @param value the event itself (use immutable values)
 * @param <E> the type of events
 */
@LearnerApi(allMembers = true)
public record LogEvent<E>(long position, String entity, long version, long appendedAt, E value) {
    /**
     * Checks the event.
     *
     * @param position from 1
     * @param entity not null
     * @param version from 1
     * @param appendedAt not negative
     * @param value not null
     */
    public LogEvent {
        if (position < 1 || version < 1 || appendedAt < 0) {
            throw new IllegalArgumentException("position and version start at 1, time at 0");
        }
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "event #" + position + " (" + entity + " v" + version + ": " + value + ")";
    }
}
