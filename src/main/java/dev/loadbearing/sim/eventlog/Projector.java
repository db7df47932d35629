package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * Keeps a read model from an event log: the query side of CQRS. A {@link Projection} calls it
 * with batches of events, delivered at least once; the writes of one call and the position saved
 * with them commit together when the call's work is done.
 *
 * <p>A projector is a process that can crash: a crash loses its batch in progress and every field
 * it kept in memory; the projection then starts a new instance, asks it where to resume, and
 * delivers from the event after that position. What survives is only what was committed to the
 * read model.
 *
 * @param <E> the type of events
 * @param <V> the type of the read model's rows
 */
@LearnerApi
public interface Projector<E, V> {
    /**
     * Says where to resume when this projector starts (at the beginning of the run, and after
     * each crash): the position of the last event the read model already includes. The read
     * model may be read here, not written.
     *
     * @param view the read model as committed
     * @return a position; 0 replays the log from its first event
     */
    @LearnerApi
    long resumeAfter(ReadModel<V> view);

    /**
     * Applies one batch of events to the read model.
     *
     * @param batch the events (in log order; an event already delivered may come again)
     * @param view the read model: reads see the committed rows and this batch's writes
     */
    @LearnerApi
    void apply(Batch<E> batch, ReadModel<V> view);
}
