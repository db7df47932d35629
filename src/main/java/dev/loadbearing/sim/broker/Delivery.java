package dev.loadbearing.sim.broker;

import dev.loadbearing.sim.engine.LearnerApi;
/**
 * One delivery of a message to a consumer of a {@link ConsumerGroup}. Call {@link #ack()} once the
 * message is handled, or {@link #nack()} to give up on it now; with neither, the broker delivers
 * it again after the ack timeout. A message delivered again is a new {@code Delivery} of the same
 * partition and offset with a higher {@link #attempt()}.
 *
 * @param <V> the type of message values
 */
@LearnerApi
public final class Delivery<V> {
    private final ConsumerGroup<V> group;
    private final Topic.Published<V> message;
    private final int attempt;
    private final ConsumerGroup.Member<V> member;
    long timeout;
    boolean settled;

    Delivery(ConsumerGroup<V> group, Topic.Published<V> message, int attempt,
            ConsumerGroup.Member<V> member) {
        this.group = group;
        this.message = message;
        this.attempt = attempt;
        this.member = member;
    }

    /**
     * Acknowledges the message: the group will not deliver it again. An ack that comes too
     * late (after the ack timeout, from a crashed consumer, or twice) is ignored.
     */
    @LearnerApi
    public void ack() {
        group.ack(this);
    }

    /**
     * Reports that handling failed: the delivery counts as failed at once, and the message is
     * delivered again or, after the last allowed delivery, dead-lettered.
     */
    @LearnerApi
    public void nack() {
        group.nack(this);
    }

    /**
     * Gives up on the message now: it goes to the group's dead-letter queue, whatever attempt
     * this is, and the partition moves on. For a message that can never succeed (it cannot be
     * parsed, it breaks a rule), like RabbitMQ's reject without requeue to a dead-letter
     * exchange, or a Kafka consumer writing it to a dead-letter topic before committing past it.
     * Ignored, like a late ack, after the ack timeout or from a crashed consumer.
     */
    @LearnerApi
    public void deadLetter() {
        group.deadLetter(this);
    }

    /**
     * Returns the message's key.
     *
     * @return the key, or {@code null}
     */
    @LearnerApi
    public String key() {
        return message.key();
    }

    /**
     * Returns the message.
     *
     * @return the value published
     */
    @LearnerApi
    public V value() {
        return message.value();
    }

    /**
     * Returns the partition the message is in.
     *
     * @return the partition, from 0
     */
    @LearnerApi
    public int partition() {
        return message.partition();
    }

    /**
     * Returns the message's position in its partition.
     *
     * @return the offset, from 0
     */
    @LearnerApi
    public long offset() {
        return message.offset();
    }

    /**
     * Returns which delivery of this message this is.
     *
     * @return 1 for the first, 2 for the first redelivery, ...
     */
    @LearnerApi
    public int attempt() {
        return attempt;
    }

    /**
     * Returns when the message was published.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    public long publishedAt() {
        return message.publishedAt();
    }

    /**
     * Returns the consumer it was delivered to.
     *
     * @return the consumer's name
     */
    @LearnerApi
    public String consumer() {
        return member.name;
    }

    ConsumerGroup.Member<V> member() {
        return member;
    }

    Topic.Published<V> message() {
        return message;
    }

    @Override
    public String toString() {
        return group.topic() + "/" + partition() + "@" + offset()
                + (key() == null ? "" : " [" + key() + "]") + " to " + member.name
                + (attempt > 1 ? " (attempt " + attempt + ")" : "");
    }
}
