package dev.loadbearing.sim.broker;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

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
     * Appends a message to its key's partition now, with no latency and no acknowledgement;
     * every group's consumers will get it. While the broker is down nothing is written.
     *
     * @param key decides the partition; {@code null} for round robin
     * @param value the message
     * @return the message's offset in its partition, from 0; -1 while the broker is down
     */
    @LearnerApi
    public long publish(String key, V value) {
        if (!broker.isUp()) {
            return -1;
        }
        return append(key == null ? nextUnkeyed++ % logs.size() : partitionOf(key), key, value);
    }

    /**
     * Publishes a message and waits for the broker's acknowledgement, in virtual time: the
     * message is written halfway through the broker's publish latency and the ack arrives at the
     * end. While the broker is down the answer is {@link PublishAck.Status#DOWN} at once and
     * nothing is written; if the broker crashes before it answers, the answer is
     * {@link PublishAck.Status#UNKNOWN}, whether or not the message was written. The ack runs
     * as the process that published ({@link Sim#runAs}); if that process is killed first, the
     * message is still written but nobody hears the ack.
     *
     * @param key decides the partition; {@code null} for round robin
     * @param value the message
     * @param ack called with the answer; may be {@code null}
     */
    @LearnerApi
    public void publish(String key, V value, Consumer<PublishAck> ack) {
        Sim sim = broker.sim();
        int partition = key == null ? nextUnkeyed++ % logs.size() : partitionOf(key);
        if (!broker.isUp()) {
            answer(ack, sim.process(), new PublishAck(PublishAck.Status.DOWN, -1, -1));
            return;
        }
        int epoch = broker.epoch();
        String producer = sim.process();
        long latency = broker.samplePublishLatency();
        long[] offset = {-1};
        sim.after(latency / 2, "write to " + name + "/" + partition, () -> {
            if (broker.epoch() == epoch) {
                offset[0] = append(partition, key, value);
            }
        });
        sim.after(latency, "ack from " + name + "/" + partition, () -> answer(ack, producer,
                broker.epoch() == epoch ? new PublishAck(PublishAck.Status.OK, partition, offset[0])
                        : new PublishAck(PublishAck.Status.UNKNOWN, -1, -1)));
    }

    /** Answers the producer as its process, unless it was killed meanwhile; never re-entrant. */
    private void answer(Consumer<PublishAck> ack, String producer, PublishAck answer) {
        if (ack == null) {
            return;
        }
        Sim sim = broker.sim();
        Runnable deliver = () -> {
            if (!sim.isKilled(producer)) {
                sim.runAs(producer, () -> ack.accept(answer));
            }
        };
        if (answer.status() == PublishAck.Status.DOWN) {
            sim.after(0, "refuse a publish to " + name, deliver);
        } else {
            deliver.run();
        }
    }

    private long append(int partition, String key, V value) {
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

    void brokerCrashed() {
        for (ConsumerGroup<V> group : groups.values()) {
            group.brokerCrashed();
        }
    }

    void brokerRestarted() {
        for (ConsumerGroup<V> group : groups.values()) {
            group.brokerRestarted();
        }
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
