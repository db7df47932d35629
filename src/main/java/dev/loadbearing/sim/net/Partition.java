package dev.loadbearing.sim.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A network partition: nodes in different groups cannot reach each other until it heals, while
 * nodes in the same group, and nodes in no group, talk as before. Created by
 * {@link Network#partition}; {@link #heal()} ends this one, {@link Network#heal()} ends them all.
 */
public final class Partition {
    private final Network network;
    private final List<Set<String>> groups;
    private final Map<String, Integer> groupOf = new HashMap<>();
    private final boolean othersFormAGroup;
    private final long start;
    private long end = -1;

    Partition(Network network, List<? extends Collection<String>> groups, boolean othersFormAGroup,
            long start) {
        this.network = network;
        this.othersFormAGroup = othersFormAGroup;
        this.start = start;
        List<Set<String>> copies = new ArrayList<>();
        for (Collection<String> group : groups) {
            Set<String> copy = new LinkedHashSet<>(group);
            for (String node : copy) {
                if (groupOf.put(node, copies.size()) != null) {
                    throw new IllegalArgumentException(node + " is in two groups of a partition");
                }
            }
            copies.add(Collections.unmodifiableSet(copy));   // in the order given: Set.copyOf's order changes between JVM runs
        }
        this.groups = List.copyOf(copies);
    }

    /**
     * Returns whether this partition cuts the link between two nodes (in either direction).
     *
     * @param a one node
     * @param b another node
     * @return whether they are on different sides
     */
    public boolean cuts(String a, String b) {
        if (!isActive()) {
            return false;
        }
        Integer ga = groupOf.get(a);
        Integer gb = groupOf.get(b);
        if (ga == null && gb == null) {
            return false;
        }
        if (ga == null || gb == null) {
            return othersFormAGroup;
        }
        return !ga.equals(gb);
    }

    /** Ends this partition; messages sent from now on cross again. */
    public void heal() {
        if (isActive()) {
            end = network.now();
            network.removePartition(this);
        }
    }

    /**
     * Returns whether the partition is still in force.
     *
     * @return {@code false} once healed
     */
    public boolean isActive() {
        return end < 0;
    }

    /**
     * Returns when the partition started.
     *
     * @return nanoseconds since the start of the run
     */
    public long start() {
        return start;
    }

    /**
     * Returns when the partition healed.
     *
     * @return nanoseconds since the start of the run, or -1 while it is active
     */
    public long end() {
        return end;
    }

    /**
     * Returns the groups that cannot reach each other.
     *
     * @return the groups as given; with {@link Network#isolate} the rest of the network is an
     *     implicit extra group
     */
    public List<Set<String>> groups() {
        return groups;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("partition ");
        for (int i = 0; i < groups.size(); i++) {
            text.append(i == 0 ? "" : " | ").append(new TreeSet<>(groups.get(i)));
        }
        if (othersFormAGroup) {
            text.append(" | everyone else");
        }
        return text.toString();
    }
}
