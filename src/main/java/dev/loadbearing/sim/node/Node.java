package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.RandomStream;
import java.util.List;
import java.util.Map;

/**
 * A node of a distributed system, written as handlers: it reacts to messages and timers, and
 * never blocks or starts threads (as in DSLabs and Maelstrom). Subclass it, keep the node's
 * state in fields, and add it to a {@link Cluster}.
 *
 * <pre>{@code
 * final class Gossip extends Node {
 *     private final Set<Integer> seen = new TreeSet<>();
 *
 *     protected void onStart() {
 *         setTimer(Time.ms(100), "gossip");
 *     }
 *
 *     protected void onMessage(String from, Object message) {
 *         seen.addAll((List<Integer>) message);
 *     }
 *
 *     protected void onTimer(Object timer) {
 *         for (String peer : peers()) {
 *             send(peer, List.copyOf(seen));   // not Set.copyOf: its order changes between JVM runs
 *         }
 *         setTimer(Time.ms(100), "gossip");
 *     }
 * }
 * }</pre>
 *
 * <p>Fields are volatile memory: a crash loses them, and the restarted node is a new object
 * (made by the cluster's factory) whose {@link #onStart()} runs again. What must survive a crash
 * goes in {@link #stableStorage()}, the node's disk. Messages are carried by the cluster's
 * network, which may delay, lose, duplicate, reorder or cut them.
 */
@LearnerApi
public abstract class Node {
    private Cluster.Host host;

    /** Creates a node; the cluster gives it its identity before {@link #onStart()} runs. */
    @LearnerApi
    protected Node() {
    }

    final void bind(Cluster.Host host) {
        this.host = host;
    }

    // ------------------------------------------------------------------------- handlers

    /**
     * Runs when the node starts, and again in a new object after every restart. The default
     * does nothing.
     */
    @LearnerApi
    protected void onStart() {
    }

    /**
     * Handles a message from another node or a client.
     *
     * @param from the sender's id
     * @param message what it sent
     */
    @LearnerApi
    protected abstract void onMessage(String from, Object message);

    /**
     * Handles a timer set with {@link #setTimer(long, Object)}. The default does nothing.
     *
     * @param timer the object given when the timer was set
     */
    @LearnerApi
    protected void onTimer(Object timer) {
    }

    /**
     * Runs when the node leaves the cluster gracefully ({@link Cluster#leave(String)}), just
     * before it goes: messages sent here still go out (to hand data to a neighbour, or to tell
     * peers it is leaving), timers set here never fire. A node that fails runs nothing. The
     * default does nothing.
     */
    @LearnerApi
    protected void onLeave() {
    }

    // ------------------------------------------------------------------------- actions

    /**
     * Sends a message over the network. Give messages a readable {@code toString} (records do):
     * traces show it.
     *
     * @param to the receiver's id
     * @param message what to send; treat it as immutable once sent
     */
    @LearnerApi
    protected final void send(String to, Object message) {
        host().send(this, to, message);
    }

    /**
     * Sets a timer: {@link #onTimer(Object)} runs with {@code timer} after {@code delay}, unless
     * the timer is cancelled or the node crashes first.
     *
     * @param delay nanoseconds from now, at least zero
     * @param timer what the timer is for, given back to {@code onTimer}
     * @return an id for {@link #cancelTimer(long)}
     */
    @LearnerApi
    protected final long setTimer(long delay, Object timer) {
        return host().setTimer(this, delay, timer);
    }

    /**
     * Cancels a timer; cancelling one that already fired does nothing.
     *
     * @param id what {@link #setTimer(long, Object)} returned
     */
    @LearnerApi
    protected final void cancelTimer(long id) {
        host().cancelTimer(id);
    }

    /**
     * Returns this node's id.
     *
     * @return the id it was added to the cluster with
     */
    @LearnerApi
    public final String id() {
        return host().id;
    }

    /**
     * Returns the other nodes this node knows of. In a cluster whose membership is
     * {@link Cluster.Membership#EVERYONE} (the default) that is every other node that has not
     * left, crashed ones included (noticing a failure is the node's job); with
     * {@link Cluster.Membership#CONTACTS} it is only the contacts the node was started with (its
     * bootstrap nodes), and the node must learn of others through messages.
     *
     * @return the ids, in the order they joined (or were given)
     */
    @LearnerApi
    protected final List<String> peers() {
        return host().peers();
    }

    /**
     * Returns the current virtual time.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    protected final long now() {
        return host().now();
    }

    /**
     * Returns what this node's own wall clock reads: the true time plus the machine's skew,
     * drift and any step the tests gave it, the way {@code System.currentTimeMillis()} reads a
     * real machine's clock. Two nodes' clocks disagree, and one may even go backwards, so a
     * timestamp from it orders events on other nodes only as well as the clocks agree: a
     * last-writer-wins register that trusts it drops a later write from a node whose clock is
     * behind. {@link #now()} is the true time, which no real node can read; use it for timers'
     * bookkeeping, not as a timestamp you pretend a real machine has.
     *
     * @return nanoseconds, on the same scale as {@link #now()} (negative if the clock is far
     *     enough behind)
     */
    @LearnerApi
    protected final long wallTime() {
        return host().wallTime();
    }

    /**
     * Returns this node's random stream, {@code node/<id>}.
     *
     * @return the stream
     */
    @LearnerApi
    protected final RandomStream random() {
        return host().random;
    }

    /**
     * Returns the node's stable storage: a map that survives crashes and restarts, unlike
     * fields. Writes to it are durable at once.
     *
     * @return the map, in insertion order
     */
    @LearnerApi
    protected final Map<String, Object> stableStorage() {
        return host().storage;
    }

    private Cluster.Host host() {
        if (host == null) {
            throw new IllegalStateException("a node can act only once its cluster has started it");
        }
        return host;
    }

    @Override
    public String toString() {
        return host == null ? getClass().getSimpleName() : host.id;
    }
}
