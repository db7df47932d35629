package dev.loadbearing.sim.broker;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A topic of a {@link Broker}: an append-only log split into partitions. A message with a key
 * goes to partition {@code floorMod(key.hashCode(), partitions)}, so messages with the same key
 * stay in order; messages without a key are spread round robin. Each
 * {@linkplain #group(String) consumer group} reads the whole topic on its own, from the start.
 *
 * @param <V> the type of message values
 */
@LearnerApi
public final class Topic<V> {
    private final Broker broker;
    private final String name;
    private final List<List<Published<V>>> logs = new ArrayList<>();
    private final Map<String, ConsumerGroup<V>> groups = new LinkedHashMap<>();
    private int nextUnkeyed;

    Topic(Broker broker, String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition");
        }
        this.broker = broker;
        this.name = Objects.requireNonNull(name, "name");
        for (int i = 0; i < partitions; i++) {
            logs.add(new ArrayList<>());
        }
    }

    /**
     * Appends a message to its key's partition now; every group's consumers will get it.
     *
     * @param key decides the partition; {@code null} for round robin
     * @param value the message
     * @return the message's offset in its partition, from 0
     */
    @LearnerApi
    public long publish(String key, V value) {
        int partition = key == null ? nextUnkeyed++ % logs.size() : partitionOf(key);
        List<Published<V>> log = logs.get(partition);
        log.add(new Published<>(partition, log.size(), key, value, broker.sim().now()));
        for (ConsumerGroup<V> group : groups.values()) {
            group.published(partition);
        }
        return log.size() - 1;
    }

    /**
     * Returns the partition a key's messages go to.
     *
     * @param key the key
     * @return {@code floorMod(key.hashCode(), partitions())}
     */
    @LearnerApi
    public int partitionOf(String key) {
        return Math.floorMod(key.hashCode(), logs.size());
    }

    /**
     * Returns the consumer group with this name, creating it on first use; a new group starts
     * at the beginning of every partition.
     *
     * @param name the group's name
     * @return the group
     */
    public ConsumerGroup<V> group(String name) {
        return groups.computeIfAbsent(name, n -> new ConsumerGroup<>(broker, this, n));
    }

    /**
     * Returns the number of partitions.
     *
     * @return at least one
     */
    @LearnerApi
    public int partitions() {
        return logs.size();
    }

    /**
     * Returns how many messages a partition holds: the offset the next one will get.
     *
     * @param partition the partition, from 0
     * @return the end offset
     */
    public long endOffset(int partition) {
        return logs.get(partition).size();
    }

    /**
     * Returns the topic's name.
     *
     * @return the name
     */
    @LearnerApi
    public String name() {
        return name;
    }

    Published<V> message(int partition, long offset) {
        return logs.get(partition).get((int) offset);
    }

    @Override
    public String toString() {
        return name;
    }

    /** A message as stored in a partition. */
    record Published<V>(int partition, long offset, String key, V value, long publishedAt) {
    }
}
