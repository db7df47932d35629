package dev.loadbearing.sim.broker;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A consumer group of a {@link Topic}: its consumers share the topic's partitions, each
 * partition going to exactly one live consumer (partition {@code p} to the {@code p mod n}-th
 * consumer, in the order they joined). The group tracks, per partition, which messages have been
 * acknowledged; its <em>lag</em> is how many published messages it has not yet finished.
 *
 * <p>Within a partition, messages are delivered one at a time in offset order: the next is sent
 * when the previous one is acknowledged or dead-lettered (set {@link #maxInFlight(int)} to allow
 * more: they arrive in the order sent, but a redelivery comes after later messages, so order is
 * lost after a failure). When a consumer crashes, its partitions move to the others at
 * once, but the messages it had not acknowledged are redelivered only after the ack timeout.
 * Handlers run as their consumer's process ({@link Sim#runAs}), so the calls they make to other
 * models belong to it. A handler that throws counts as a failed delivery, like {@link Delivery#nack()};
 * {@link Delivery#deadLetter()} gives up on a message at once.
 *
 * @param <V> the type of message values
 */
public final class ConsumerGroup<V> {
    private final List<Fault> faults = new ArrayList<>();
    private final Broker broker;
    private final Sim sim;
    private final Topic<V> topic;
    private final String name;
    private final List<Member<V>> members = new ArrayList<>();
    private final List<Cursor<V>> cursors = new ArrayList<>();
    private final List<Delivery<V>> deadLetters = new ArrayList<>();
    private final Action<Delivery<V>> arrive = this::arrive;
    private final Action<Delivery<V>> timedOut = this::timedOut;
    private final String arriveLabel;
    private final String timeoutLabel;
    private int maxInFlight = 1;
    private long deliveries;
    private long redeliveries;
    private long acks;
    private long ignoredAcks;
    private long failedDeliveries;

    ConsumerGroup(Broker broker, Topic<V> topic, String name) {
        this.broker = broker;
        this.sim = broker.sim();
        this.topic = topic;
        this.name = name;
        this.arriveLabel = "deliver " + topic + " to " + name + ":";
        this.timeoutLabel = "ack timeout " + topic + " " + name + ":";
        for (int p = 0; p < topic.partitions(); p++) {
            cursors.add(new Cursor<>(p));
        }
    }

    /**
     * Sets how many messages of one partition may be delivered and not yet acknowledged at once.
     * More than one speeds up slow consumers but gives up ordering within the partition.
     *
     * @param count at least one; the default is one
     * @return this group
     */
    public ConsumerGroup<V> maxInFlight(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one message must be allowed in flight");
        }
        maxInFlight = count;
        dispatchAll();
        return this;
    }

    // ------------------------------------------------------------------------- membership

    /**
     * Adds a consumer; the partitions are shared out again among the live consumers.
     *
     * @param consumer the consumer's name, unique among the group's live consumers
     * @param handler called with each delivery to it
     */
    public void join(String consumer, Consumer<Delivery<V>> handler) {
        Objects.requireNonNull(handler, "handler");
        if (member(consumer) != null) {
            throw new IllegalArgumentException(consumer + " is already in group " + name);
        }
        members.add(new Member<>(Objects.requireNonNull(consumer, "consumer"), handler));
        dispatchAll();
    }

    /**
     * Crashes a consumer: it receives nothing more and its acks are ignored; its partitions go to
     * the others, and what it had not acknowledged is redelivered after the ack timeout.
     *
     * @param consumer the consumer's name
     */
    public void crash(String consumer) {
        Member<V> member = member(consumer);
        if (member == null) {
            throw new IllegalArgumentException(consumer + " is not a live consumer of " + name);
        }
        member.alive = false;
        members.remove(member);
        faults.add(new Fault("consumer " + consumer + " crashed", sim.now(), -1));
        dispatchAll();
    }

    /**
     * Crashes a consumer at a given time; see {@link #crash(String)}.
     *
     * @param time nanoseconds since the start of the run
     * @param consumer the consumer's name
     */
    public void crashAt(long time, String consumer) {
        sim.at(time, "crash consumer " + consumer, () -> crash(consumer));
    }

    /**
     * Returns every consumer crash as a fault (consumers do not come back), for bands.
     *
     * @return the faults, oldest first
     */
    public List<Fault> faults() {
        return List.copyOf(faults);
    }

    /**
     * Returns the group's counts so far as one record.
     *
     * @return the statistics
     */
    public ConsumerGroupStats stats() {
        return new ConsumerGroupStats(deliveries(), redeliveries(), acks(), ignoredAcks(), failedDeliveries(),
                deadLetters().size(), lag());
    }

    /**
     * Returns the live consumers, in the order they joined.
     *
     * @return their names
     */
    public List<String> consumers() {
        List<String> names = new ArrayList<>();
        members.forEach(member -> names.add(member.name));
        return names;
    }

    /**
     * Returns the consumer a partition is assigned to.
     *
     * @param partition the partition, from 0
     * @return the consumer's name, or {@code null} when the group has no live consumer
     */
    public String owner(int partition) {
        Member<V> owner = ownerOf(partition);
        return owner == null ? null : owner.name;
    }

    private Member<V> member(String consumer) {
        for (Member<V> member : members) {
            if (member.name.equals(consumer)) {
                return member;
            }
        }
        return null;
    }

    private Member<V> ownerOf(int partition) {
        return members.isEmpty() ? null : members.get(partition % members.size());
    }

    // ------------------------------------------------------------------------- delivery

    void published(int partition) {
        Cursor<V> cursor = cursors.get(partition);
        cursor.recordLag(sim.now(), lag(partition));
        dispatch(cursor);
    }

    private void dispatchAll() {
        for (Cursor<V> cursor : cursors) {
            dispatch(cursor);
        }
    }

    /** Every delivery in flight is lost; it goes out again after the restart, same attempt. */
    void brokerCrashed() {
        for (Cursor<V> cursor : cursors) {
            for (Delivery<V> delivery : List.copyOf(cursor.inFlight.values())) {
                delivery.settled = true;
                sim.cancel(delivery.timeout);
                cursor.attempts.merge(delivery.offset(), -1, Integer::sum);
                cursor.retries.add(delivery.offset());
            }
            cursor.inFlight.clear();
        }
    }

    void brokerRestarted() {
        dispatchAll();
    }

    private void dispatch(Cursor<V> cursor) {
        if (!broker.isUp()) {
            return;
        }
        Member<V> owner = ownerOf(cursor.partition);
        while (owner != null && cursor.inFlight.size() < maxInFlight) {
            long offset;
            if (!cursor.retries.isEmpty()) {
                offset = cursor.retries.pollFirst();
            } else if (cursor.next < topic.endOffset(cursor.partition)) {
                offset = cursor.next++;
            } else {
                return;
            }
            int attempt = cursor.attempts.merge(offset, 1, Integer::sum);
            Delivery<V> delivery = new Delivery<>(this, topic.message(cursor.partition, offset),
                    attempt, owner);
            cursor.inFlight.put(offset, delivery);
            deliveries++;
            if (attempt > 1) {
                redeliveries++;
            }
            long now = sim.now();
            delivery.timeout = sim.schedule(now + broker.ackTimeout(), timeoutLabel, timedOut,
                    delivery);
            // One connection per partition: deliveries arrive in the order they were sent.
            long arrival = Math.max(now + broker.sampleDeliveryLatency(), cursor.lastArrival);
            cursor.lastArrival = arrival;
            sim.schedule(arrival, arriveLabel, arrive, delivery);
        }
    }

    private void arrive(Delivery<V> delivery) {
        if (delivery.settled || !delivery.member().alive) {
            return;
        }
        try {
            sim.runAs(delivery.member().name, () -> delivery.member().handler.accept(delivery));
        } catch (RuntimeException e) {
            nack(delivery);
        }
    }

    void ack(Delivery<V> delivery) {
        if (delivery.settled || !delivery.member().alive) {
            ignoredAcks++;
            return;
        }
        acks++;
        settle(delivery);
        finish(delivery);
    }

    void nack(Delivery<V> delivery) {
        if (delivery.settled || !delivery.member().alive) {
            return;
        }
        settle(delivery);
        failed(delivery);
    }

    void deadLetter(Delivery<V> delivery) {
        if (delivery.settled || !delivery.member().alive) {
            ignoredAcks++;
            return;
        }
        settle(delivery);
        failedDeliveries++;
        deadLetters.add(delivery);
        finish(delivery);
    }

    private void timedOut(Delivery<V> delivery) {
        delivery.settled = true;
        cursors.get(delivery.partition()).inFlight.remove(delivery.offset());
        failed(delivery);
    }

    private void settle(Delivery<V> delivery) {
        delivery.settled = true;
        sim.cancel(delivery.timeout);
        cursors.get(delivery.partition()).inFlight.remove(delivery.offset());
    }

    private void failed(Delivery<V> delivery) {
        failedDeliveries++;
        Cursor<V> cursor = cursors.get(delivery.partition());
        if (delivery.attempt() >= broker.maxDeliveries()) {
            deadLetters.add(delivery);
            finish(delivery);
        } else {
            cursor.retries.add(delivery.offset());
            dispatch(cursor);
        }
    }

    /** The message is done with (acknowledged or dead-lettered): move the committed offset. */
    private void finish(Delivery<V> delivery) {
        Cursor<V> cursor = cursors.get(delivery.partition());
        cursor.attempts.remove(delivery.offset());
        cursor.done.add(delivery.offset());
        while (cursor.done.remove(cursor.committed)) {
            cursor.committed++;
        }
        cursor.recordLag(sim.now(), lag(cursor.partition));
        dispatch(cursor);
    }

    // ------------------------------------------------------------------------- observing

    /**
     * Returns how many messages of a partition the group has not finished (acknowledged or
     * dead-lettered), counted from the first unfinished one to the end of the partition.
     *
     * @param partition the partition, from 0
     * @return the lag now
     */
    public long lag(int partition) {
        return topic.endOffset(partition) - cursors.get(partition).committed;
    }

    /**
     * Returns the lag summed over every partition.
     *
     * @return the lag now
     */
    public long lag() {
        long total = 0;
        for (int p = 0; p < cursors.size(); p++) {
            total += lag(p);
        }
        return total;
    }

    /**
     * Returns a partition's lag at a past time.
     *
     * @param partition the partition, from 0
     * @param time nanoseconds since the start of the run, not after now
     * @return the lag then
     */
    public long lagAt(int partition, long time) {
        return cursors.get(partition).lagAt(time);
    }

    /**
     * Returns the offset of the first message of a partition the group has not finished; a
     * consumer that restarts from scratch would begin there.
     *
     * @param partition the partition, from 0
     * @return the committed offset
     */
    public long committedOffset(int partition) {
        return cursors.get(partition).committed;
    }

    /**
     * Draws each partition's lag over time, sampled at the end of every bucket.
     *
     * @param bucket nanoseconds between samples, such as {@code Time.seconds(1)}
     * @param bands faults to shade
     * @return the chart
     */
    public TimeSeriesChart lagChart(long bucket, List<Band> bands) {
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        for (Cursor<V> cursor : cursors) {
            List<Double> seconds = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (long t = bucket; t - bucket < sim.now(); t += bucket) {
                long at = Math.min(t, sim.now());
                seconds.add(Time.toSeconds(at));
                values.add((double) cursor.lagAt(at));
            }
            series.add(new TimeSeriesChart.Series("partition " + cursor.partition, seconds,
                    values));
        }
        return new TimeSeriesChart("Consumer lag of " + name + " on " + topic,
                "messages not yet acknowledged", series, bands);
    }

    /**
     * Returns the messages that failed every allowed delivery, as their last delivery, in the
     * order they were dead-lettered.
     *
     * @return the dead-letter queue
     */
    public List<Delivery<V>> deadLetters() {
        return Collections.unmodifiableList(new ArrayList<>(deadLetters));
    }

    /**
     * Returns how many deliveries were sent, first deliveries and redeliveries.
     *
     * @return deliveries so far
     */
    public long deliveries() {
        return deliveries;
    }

    /**
     * Returns how many deliveries were of a message delivered before: each one a possible
     * duplicate for the consumers.
     *
     * @return redeliveries so far
     */
    public long redeliveries() {
        return redeliveries;
    }

    /**
     * Returns how many acks were accepted.
     *
     * @return acks so far
     */
    public long acks() {
        return acks;
    }

    /**
     * Returns how many acks were ignored: too late, twice, or from a crashed consumer.
     *
     * @return ignored acks so far
     */
    public long ignoredAcks() {
        return ignoredAcks;
    }

    /**
     * Returns how many deliveries failed: nacked, thrown, or not acknowledged in time.
     *
     * @return failed deliveries so far
     */
    public long failedDeliveries() {
        return failedDeliveries;
    }

    /**
     * Returns the group's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    Topic<V> topic() {
        return topic;
    }

    @Override
    public String toString() {
        return "ConsumerGroup[" + name + " on " + topic + ", consumers " + consumers() + ", lag "
                + lag() + "]";
    }

    /** A consumer that joined; a crash makes it dead for good (joining again makes another). */
    static final class Member<V> {
        final String name;
        final Consumer<Delivery<V>> handler;
        boolean alive = true;

        Member(String name, Consumer<Delivery<V>> handler) {
            this.name = name;
            this.handler = handler;
        }
    }

    /** The group's progress through one partition. */
    private static final class Cursor<V> {
        final int partition;
        final Map<Long, Delivery<V>> inFlight = new HashMap<>();
        final TreeSet<Long> retries = new TreeSet<>();
        final Map<Long, Integer> attempts = new HashMap<>();
        final TreeSet<Long> done = new TreeSet<>();
        final List<Long> lagTimes = new ArrayList<>();
        final List<Long> lags = new ArrayList<>();
        long next;
        long committed;
        long lastArrival;

        Cursor(int partition) {
            this.partition = partition;
        }

        void recordLag(long time, long lag) {
            int last = lagTimes.size() - 1;
            if (last >= 0 && lagTimes.get(last) == time) {
                lags.set(last, lag);
            } else {
                lagTimes.add(time);
                lags.add(lag);
            }
        }

        long lagAt(long time) {
            int index = Collections.binarySearch(lagTimes, time);
            if (index < 0) {
                index = -index - 2;
            }
            return index < 0 ? 0 : lags.get(index);
        }
    }
}
