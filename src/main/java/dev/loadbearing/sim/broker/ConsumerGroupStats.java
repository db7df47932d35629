package dev.loadbearing.sim.broker;

/**
 * What a {@link ConsumerGroup} has done so far.
 *
 * @param deliveries deliveries made, redeliveries included
 * @param redeliveries deliveries of a message that had been delivered before
 * @param acks acknowledgements that counted
 * @param ignoredAcks acknowledgements ignored: too late, twice, or from a crashed consumer
 * @param failedDeliveries deliveries that ended without an ack (nack or timeout)
 * @param deadLetters messages given up on after the maximum number of deliveries
 * @param lag messages published but not yet committed, over all partitions
 */
public record ConsumerGroupStats(long deliveries, long redeliveries, long acks, long ignoredAcks,
        long failedDeliveries, long deadLetters, long lag) {
}
