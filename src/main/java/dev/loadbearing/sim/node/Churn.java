package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Random churn for a {@link Cluster}: over a window of the run, some nodes join, some leave
 * gracefully and some fail (crash for good), at times drawn from the simulation's stream
 * {@code churn}. Victims are drawn when their moment comes, from the nodes up at that time, so a
 * node that joined in the window may leave in it too; nodes named in {@link #sparing} are never
 * chosen (a client's gateway, a node the test reads).
 *
 * <pre>{@code
 * Churn churn = new Churn(cluster, ChordNode::new)
 *         .between(Time.seconds(2), Time.seconds(8))
 *         .joins(13).leaves(13).failures(13)          // 10% each of 128 nodes
 *         .start();
 * ...
 * churn.events();                                    // what happened, in order
 * }</pre>
 *
 * <p>Joining nodes are named {@code prefix + k} ({@code j1}, {@code j2}, ... by default, in the
 * order they join) and each
 * knows one contact: a node drawn from those up when it joins, which with
 * {@link Cluster.Membership#CONTACTS} is all it knows (its bootstrap node).
 */
public final class Churn {
    private final Cluster cluster;
    private final Supplier<? extends Node> factory;
    private final RandomStream random;
    private final Set<String> spared = new TreeSet<>();
    private long from;
    private long to;
    private int joins;
    private int leaves;
    private int failures;
    private String prefix = "j";
    private boolean started;
    private int joined;

    /**
     * Plans churn for a cluster; nothing happens until {@link #start()}.
     *
     * @param cluster the cluster
     * @param factory makes the nodes that join
     */
    public Churn(Cluster cluster, Supplier<? extends Node> factory) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.random = cluster.sim().random("churn");
    }

    /**
     * Sets the window in which the changes happen, each at a uniformly drawn time.
     *
     * @param from nanoseconds since the start of the run
     * @param to later, exclusive
     * @return this plan
     */
    public Churn between(long from, long to) {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("churn needs a window with from < to, not " + from + ".." + to);
        }
        this.from = from;
        this.to = to;
        return this;
    }

    /**
     * Sets how many nodes join.
     *
     * @param count at least zero
     * @return this plan
     */
    public Churn joins(int count) {
        this.joins = atLeastZero(count);
        return this;
    }

    /**
     * Sets how many nodes leave gracefully ({@code onLeave} runs first).
     *
     * @param count at least zero
     * @return this plan
     */
    public Churn leaves(int count) {
        this.leaves = atLeastZero(count);
        return this;
    }

    /**
     * Sets how many nodes fail: crash and never restart.
     *
     * @param count at least zero
     * @return this plan
     */
    public Churn failures(int count) {
        this.failures = atLeastZero(count);
        return this;
    }

    /**
     * Sets how joining nodes are named: {@code prefix} followed by 1, 2, ...
     *
     * @param prefix the prefix, {@code "j"} by default
     * @return this plan
     */
    public Churn named(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * Never makes these nodes leave or fail (they may still be chosen as contacts).
     *
     * @param ids the nodes to spare
     * @return this plan
     */
    public Churn sparing(List<String> ids) {
        spared.addAll(ids);
        return this;
    }

    /**
     * Schedules the changes. Times and the order of kinds are drawn now; victims and contacts
     * when each change happens. A leave or failure with no node left to choose is skipped.
     *
     * @return this plan
     */
    public Churn start() {
        if (started) {
            throw new IllegalStateException("this churn has already started");
        }
        if (to <= from) {
            throw new IllegalStateException("set the window with between(from, to) first");
        }
        started = true;
        Sim sim = cluster.sim();
        for (int k = 0; k < joins + leaves + failures; k++) {
            long at = from + (long) (random.nextDouble() * (to - from));
            if (k < joins) {
                sim.at(at, "churn: a node joins", this::join);
            } else if (k < joins + leaves) {
                sim.at(at, "churn: a node leaves", () -> remove(true));
            } else {
                sim.at(at, "churn: a node fails", () -> remove(false));
            }
        }
        return this;
    }

    private void join() {
        String id = prefix + (++joined);
        List<String> up = cluster.live();
        List<String> contacts = up.isEmpty() ? List.of() : List.of(random.pick(up));
        cluster.join(id, factory, contacts);
    }

    private void remove(boolean graceful) {
        List<String> candidates = new ArrayList<>();
        for (String id : cluster.live()) {
            if (!spared.contains(id)) {
                candidates.add(id);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        String victim = random.pick(candidates);
        if (graceful) {
            cluster.leave(victim);
        } else {
            cluster.crash(victim);
        }
    }

    /**
     * Returns the changes churn has made so far (the cluster's changes in the window, tests'
     * own included).
     *
     * @return the joins, leaves and crashes between {@code from} and {@code to}, oldest first
     */
    public List<Cluster.Change> events() {
        List<Cluster.Change> events = new ArrayList<>();
        for (Cluster.Change change : cluster.changes()) {
            if (change.time() >= from && change.time() < to) {
                events.add(change);
            }
        }
        return events;
    }

    private static int atLeastZero(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a count must not be negative: " + count);
        }
        return count;
    }
}
