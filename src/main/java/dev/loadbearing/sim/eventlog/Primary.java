package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The write side's own copy: always up to date with the log, and busy with the writes, so it has
 * only a few workers left for reads. Reads queue first come, first served; each holds a worker
 * for the service time. Sending it every read is how a write spike becomes a read outage.
 *
 * @param <V> the type of rows
 */
@LearnerApi
public final class Primary<V> {
    private final Sim sim;
    private final String name;
    private final ReadModel<V> view;
    private final int workers;
    private final long serviceTime;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private int busy;
    private long reads;
    private int longestQueue;

    /**
     * Creates the primary.
     *
     * @param sim the simulation
     * @param name its name
     * @param log the log it is always up to date with
     * @param view a read model kept in step with the log (a projection without costs)
     * @param workers how many reads it serves at once
     * @param serviceTime how long one read holds a worker
     */
    public Primary(Sim sim, String name, EventLog<?> log, ReadModel<V> view, int workers, long serviceTime) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(log, "log");
        this.view = Objects.requireNonNull(view, "view");
        if (workers < 1) {
            throw new IllegalArgumentException("a primary has at least one worker");
        }
        this.workers = workers;
        this.serviceTime = serviceTime;
    }

    /**
     * Reads a row, fresh: after waiting for a worker and the service time.
     *
     * @param key the row's key
     * @param reply called with the row and the log's position
     */
    @LearnerApi
    public void read(String key, Consumer<ReplicaRead<V>> reply) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reply, "reply");
        reads++;
        queue.add(() -> sim.after(serviceTime, "read " + name, () -> {
            reply.accept(new ReplicaRead<>(view.peek(key), view.committedPosition(), name));
            busy--;
            next();
        }));
        longestQueue = Math.max(longestQueue, queue.size());
        next();
    }

    private void next() {
        while (busy < workers && !queue.isEmpty()) {
            busy++;
            queue.poll().run();
        }
    }

    /**
     * Returns the primary's name.
     *
     * @return the name
     */
    @LearnerApi
    public String name() {
        return name;
    }

    /**
     * Returns how many reads it served or queued.
     *
     * @return reads so far
     */
    public long reads() {
        return reads;
    }

    /**
     * Returns the longest its queue of reads has been.
     *
     * @return reads waiting for a worker, at most
     */
    public int longestQueue() {
        return longestQueue;
    }
}
