package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A copy of a read model, kept by its own projection and therefore behind the log by its own lag.
 * Reads take the read latency and answer with the row and the position the copy had reached.
 *
 * @param <V> the type of rows
 */
@LearnerApi
public final class Replica<V> {
    private final Sim sim;
    private final ReadModel<V> view;
    private final long readLatency;
    private long reads;

    /**
     * Creates a replica over a read model that a projection keeps.
     *
     * @param sim the simulation
     * @param view the read model (its saved position is the replica's position)
     * @param readLatency how long a read takes
     */
    public Replica(Sim sim, ReadModel<V> view, long readLatency) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.view = Objects.requireNonNull(view, "view");
        this.readLatency = readLatency;
    }

    /**
     * Returns the log position this replica includes now (what a database reports as its replay
     * position); free to ask.
     *
     * @return the position of the last event its rows include
     */
    @LearnerApi
    public long position() {
        return view.committedPosition();
    }

    /**
     * Reads a row; the answer comes after the read latency, as the replica is then.
     *
     * @param key the row's key
     * @param reply called with the row and the replica's position
     */
    @LearnerApi
    public void read(String key, Consumer<ReplicaRead<V>> reply) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reply, "reply");
        reads++;
        sim.after(readLatency, "read " + view.name(), () -> reply.accept(
                new ReplicaRead<>(view.peek(key), view.committedPosition(), view.name())));
    }

    /**
     * Returns the replica's name.
     *
     * @return the name of its read model
     */
    @LearnerApi
    public String name() {
        return view.name();
    }

    /**
     * Returns how many reads it served.
     *
     * @return reads so far
     */
    public long reads() {
        return reads;
    }

    @Override
    public String toString() {
        return "Replica[" + view.name() + " at #" + position() + "]";
    }
}
