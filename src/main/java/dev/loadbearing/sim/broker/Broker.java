package dev.loadbearing.sim.broker;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Outages;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated message broker in the style of Kafka and SQS: {@linkplain Topic topics} split into
 * partitions, {@linkplain ConsumerGroup consumer groups} that share a topic's partitions, and
 * at-least-once delivery. A delivered message must be {@linkplain Delivery#ack() acknowledged}
 * within the ack timeout; otherwise it is delivered again (so consumers see duplicates), and after
 * {@link #maxDeliveries(int) maxDeliveries} failed deliveries it goes to the group's dead-letter
 * queue.
 *
 * <p>Publishing with an acknowledgement ({@link Topic#publish(String, Object,
 * java.util.function.Consumer)}) takes the {@linkplain #publishLatency publish latency}: the
 * message is written halfway through it and the ack arrives at the end. The broker can
 * {@linkplain #crash() crash}: while it is down, publishes are refused and nothing is delivered;
 * what was written survives (the log is durable), a publish whose ack was still on its way answers
 * {@link PublishAck.Status#UNKNOWN} although it was written, and deliveries in flight are sent
 * again after the restart, without counting as a failed delivery.
 *
 * <pre>{@code
 * Broker broker = new Broker(sim, "broker").ackTimeout(Time.seconds(5)).maxDeliveries(3);
 * Topic<String> orders = broker.topic("orders", 4);
 * ConsumerGroup<String> billing = orders.group("billing");
 * billing.join("billing-1", delivery -> {
 *     charge(delivery.value());
 *     delivery.ack();
 * });
 * orders.publish("customer-7", "order 1");   // same key, same partition, in order
 * }</pre>
 */
public final class Broker {
    private final Sim sim;
    private final String name;
    private final RandomStream random;
    private final Map<String, Topic<?>> topics = new LinkedHashMap<>();
    private final Outages outages;
    private Distribution deliveryLatency = Distribution.constant(Time.ms(1));
    private Distribution publishLatency = Distribution.constant(Time.ms(2));
    private long ackTimeout = Time.seconds(30);
    private int maxDeliveries = 5;

    /**
     * Creates a broker whose deliveries take 1 ms, with a 30 s ack timeout and a dead-letter
     * queue after 5 failed deliveries. Its random stream is {@code broker/<name>}.
     *
     * @param sim the simulation it runs in
     * @param name its name, for traces
     */
    public Broker(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        this.random = sim.random("broker/" + name);
        this.outages = new Outages(sim, name + " down");
    }

    /**
     * Sets how long a publish with an acknowledgement takes, from the call to the ack; the
     * message is written halfway through.
     *
     * @param distribution nanoseconds per publish; the default is a constant 2 ms
     * @return this broker
     */
    public Broker publishLatency(Distribution distribution) {
        publishLatency = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    // ------------------------------------------------------------------------- faults

    /**
     * Crashes the broker now: publishes are refused until the restart, acks on their way are
     * lost (those publishes answer {@link PublishAck.Status#UNKNOWN}), and nothing is delivered;
     * every delivery in flight will be sent again after the restart. Written messages survive.
     */
    public void crash() {
        if (!outages.crash()) {
            return;
        }
        for (Topic<?> topic : topics.values()) {
            topic.brokerCrashed();
        }
    }

    /** Restarts a crashed broker: deliveries resume from where each group was. */
    public void restart() {
        if (!outages.restart()) {
            return;
        }
        for (Topic<?> topic : topics.values()) {
            topic.brokerRestarted();
        }
    }

    /**
     * Crashes the broker at a given time; see {@link #crash()}.
     *
     * @param time nanoseconds since the start of the run
     */
    public void crashAt(long time) {
        sim.at(time, "crash " + name, this::crash);
    }

    /**
     * Restarts the broker at a given time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void restartAt(long time) {
        sim.at(time, "restart " + name, this::restart);
    }

    /**
     * Returns whether the broker is up.
     *
     * @return {@code false} between a crash and the restart
     */
    public boolean isUp() {
        return outages.isUp();
    }

    /**
     * Returns every crash so far with its restart, for fault bands.
     *
     * @return the faults, oldest first
     */
    public List<Fault> faults() {
        return outages.faults();
    }

    /**
     * Sets how long a message takes from the broker to a consumer.
     *
     * @param distribution nanoseconds per delivery
     * @return this broker
     */
    public Broker deliveryLatency(Distribution distribution) {
        deliveryLatency = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    /**
     * Sets how long after sending a message the broker waits for its ack before counting the
     * delivery as failed and delivering it again.
     *
     * @param nanos more than zero
     * @return this broker
     */
    public Broker ackTimeout(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("ack timeout must be positive");
        }
        ackTimeout = nanos;
        return this;
    }

    /**
     * Sets how many failed deliveries (nacks, exceptions, ack timeouts) a message gets before it
     * goes to the dead-letter queue.
     *
     * @param count at least one
     * @return this broker
     */
    public Broker maxDeliveries(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a message needs at least one delivery");
        }
        maxDeliveries = count;
        return this;
    }

    /**
     * Creates a topic, or returns the existing one with this name.
     *
     * @param name the topic's name
     * @param partitions how many partitions it has, at least one
     * @param <V> the type of message values
     * @return the topic
     */
    @SuppressWarnings("unchecked")
    public <V> Topic<V> topic(String name, int partitions) {
        Topic<?> existing = topics.get(name);
        if (existing != null) {
            if (existing.partitions() != partitions) {
                throw new IllegalArgumentException("topic " + name + " already has "
                        + existing.partitions() + " partitions");
            }
            return (Topic<V>) existing;
        }
        Topic<V> topic = new Topic<>(this, name, partitions);
        topics.put(name, topic);
        return topic;
    }

    /**
     * Returns the topics, in the order they were created.
     *
     * @return the topics
     */
    public List<Topic<?>> topics() {
        return new ArrayList<>(topics.values());
    }

    /**
     * Returns the broker's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    Sim sim() {
        return sim;
    }

    int epoch() {
        return outages.epoch();
    }

    long samplePublishLatency() {
        return publishLatency.sampleNanos(random);
    }

    long sampleDeliveryLatency() {
        return deliveryLatency.sampleNanos(random);
    }

    long ackTimeout() {
        return ackTimeout;
    }

    int maxDeliveries() {
        return maxDeliveries;
    }
}
