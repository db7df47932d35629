package dev.loadbearing.sim.broker;

import dev.loadbearing.sim.engine.Distribution;
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
    private Distribution deliveryLatency = Distribution.constant(Time.ms(1));
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
