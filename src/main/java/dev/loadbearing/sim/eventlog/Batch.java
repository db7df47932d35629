package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.List;

/**
 * One delivery from a {@link Projection} to its {@link Projector}: events in log order, except
 * that at-least-once delivery may hand over again an event already delivered (a duplicate, or a
 * replay after a restart). A duplicate is never ahead of the events not yet delivered, so the
 * positions of the events a batch brings for the first time always increase.
 *
 * @param <E> the type of events
 */
@LearnerApi
public final class Batch<E> {
    private final List<LogEvent<E>> events;
    private final EventLog<E> log;
    private final ReadModel.Work work;
    private final long now;

    Batch(List<LogEvent<E>> events, EventLog<E> log, ReadModel.Work work, long now) {
        this.events = List.copyOf(events);
        this.log = log;
        this.work = work;
        this.now = now;
    }

    /**
     * Returns the batch's events, in delivery order.
     *
     * @return an unmodifiable list, never empty
     */
    @LearnerApi
    public List<LogEvent<E>> events() {
        return events;
    }

    /**
     * Reads the log itself, as a rebuild would: the events after a position. Each event read
     * costs {@link Projection#logReadCost} on top of the batch's work, so reading history on
     * every batch makes the projector slower as the log grows.
     *
     * @param afterPosition 0 for the log from its start
     * @param limit at most this many events
     * @return the events, oldest first
     */
    @LearnerApi
    public List<LogEvent<E>> readLog(long afterPosition, int limit) {
        List<LogEvent<E>> read = log.readAfter(afterPosition, limit);
        work.nanos += work.logReadCost * Math.max(1, read.size());
        return read;
    }

    /**
     * Returns when the batch was delivered.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    public long deliveredAt() {
        return now;
    }

    @Override
    public String toString() {
        return events.isEmpty() ? "an empty batch"
                : "the batch of " + events.size() + " events from #" + events.get(0).position()
                        + " to #" + events.get(events.size() - 1).position();
    }
}
