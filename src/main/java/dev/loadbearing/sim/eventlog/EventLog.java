package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.Sim;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An append-only log of events, the write side's source of truth in event sourcing, or a
 * database's change stream ({@code Datastore.changeStream()}: every committed row, in commit
 * order). Every event gets the next global position and the next version of its entity (or, in
 * a change stream, the row's own version); nothing is ever changed or removed, so replaying the
 * log from position 1 always gives the same events in the same order.
 *
 * <pre>{@code
 * EventLog<String> log = new EventLog<>(sim, "orders");
 * log.append("order-7", "placed");          // position 1, order-7 version 1, at sim.now()
 * log.append("order-7", "paid");            // position 2, order-7 version 2
 * log.appendAt(Time.seconds(1), "order-8", "placed");
 * log.onAppend(event -> ...);               // projections wake up on new events
 * }</pre>
 *
 * <p>Appending takes no time here: the write side's latency belongs to whatever writes (a
 * {@code Datastore} commit, a command handler). {@link Projection} feeds the log to a read model.
 *
 * @param <E> the type of events (use immutable values)
 */
public final class EventLog<E> {
    private final Sim sim;
    private final String name;
    private final List<LogEvent<E>> events = new ArrayList<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final List<Consumer<LogEvent<E>>> listeners = new ArrayList<>();

    /**
     * Creates an empty log.
     *
     * @param sim the simulation it lives in
     * @param name its name, for traces and figures
     */
    public EventLog(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Appends an event now.
     *
     * @param entity the entity it happened to
     * @param value the event
     * @return the event with its position and version
     */
    public LogEvent<E> append(String entity, E value) {
        Objects.requireNonNull(entity, "entity");
        return add(entity, version(entity) + 1, sim.now(), value);
    }

    /**
     * Appends an event now with a version of the caller's choosing: for a change stream, whose
     * events carry the row's own version (a stream opened after a row's first writes starts that
     * row at the version it had, not at 1).
     *
     * @param entity the entity it happened to
     * @param version higher than the entity's current {@link #version(String)}
     * @param value the event
     * @return the event with its position
     */
    public LogEvent<E> append(String entity, long version, E value) {
        Objects.requireNonNull(entity, "entity");
        if (version <= version(entity)) {
            throw new IllegalArgumentException(entity + " is at version " + version(entity) + " in " + name
                    + "; an event's version must be higher, not " + version);
        }
        return add(entity, version, sim.now(), value);
    }

    private LogEvent<E> add(String entity, long version, long time, E value) {
        LogEvent<E> event = new LogEvent<>(events.size() + 1L, entity, version, time, value);
        versions.put(entity, version);
        events.add(event);
        // listeners only grow: one added while this event is handed out hears the next event on
        for (int i = 0, n = listeners.size(); i < n; i++) {
            listeners.get(i).accept(event);
        }
        return event;
    }

    /**
     * Returns a log that follows this one, holding each event's value mapped: the same positions,
     * entities, versions and append times, the events so far at once and each later one as it is
     * appended here. For feeding a projector of business events from a change stream of rows
     * ({@code db.changeStream().map("orders", Row::value)}).
     *
     * @param name the new log's name
     * @param mapping from this log's values to the new log's (never {@code null})
     * @param <F> the new log's type of events
     * @return the new log; appending to it directly breaks the correspondence, so don't
     */
    public <F> EventLog<F> map(String name, Function<? super E, ? extends F> mapping) {
        Objects.requireNonNull(mapping, "mapping");
        EventLog<F> mapped = new EventLog<>(sim, name);
        Consumer<LogEvent<E>> follow = event -> mapped.add(event.entity(), event.version(), event.appendedAt(),
                mapping.apply(event.value()));
        events.forEach(follow);
        listeners.add(follow);
        return mapped;
    }

    /**
     * Appends an event at a given time.
     *
     * @param time nanoseconds since the start of the run
     * @param entity the entity it happened to
     * @param value the event
     */
    public void appendAt(long time, String entity, E value) {
        sim.at(time, "append to " + name, () -> append(entity, value));
    }

    /**
     * Calls a listener with every event appended from now on, as it is appended.
     *
     * @param listener called with each new event
     */
    public void onAppend(Consumer<LogEvent<E>> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Returns the event at a position.
     *
     * @param position from 1 to {@link #lastPosition()}
     * @return the event
     */
    public LogEvent<E> event(long position) {
        if (position < 1 || position > events.size()) {
            throw new IndexOutOfBoundsException("position " + position + " is not in a log of " + events.size());
        }
        return events.get((int) (position - 1));
    }

    /**
     * Returns the events after a position, oldest first.
     *
     * @param afterPosition 0 for the whole log
     * @param limit at most this many
     * @return the events, a copy
     */
    public List<LogEvent<E>> readAfter(long afterPosition, int limit) {
        int from = (int) Math.max(0, Math.min(afterPosition, events.size()));
        int to = (int) Math.min(events.size(), (long) from + Math.max(0, limit));
        return List.copyOf(events.subList(from, to));
    }

    /**
     * Returns every event so far, oldest first.
     *
     * @return an unmodifiable view
     */
    public List<LogEvent<E>> events() {
        return Collections.unmodifiableList(events);
    }

    /**
     * Returns the position of the last event.
     *
     * @return 0 while the log is empty
     */
    public long lastPosition() {
        return events.size();
    }

    /**
     * Returns an entity's current version.
     *
     * @param entity the entity
     * @return how many events it has, 0 if none
     */
    public long version(String entity) {
        return versions.getOrDefault(entity, 0L);
    }

    /**
     * Returns the simulation the log lives in.
     *
     * @return the simulation
     */
    Sim sim() {
        return sim;
    }

    /**
     * Returns the log's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "EventLog[" + name + ", " + events.size() + " events]";
    }
}
