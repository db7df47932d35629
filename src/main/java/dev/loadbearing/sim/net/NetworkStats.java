package dev.loadbearing.sim.net;


/**
 * What a {@link Network} has carried so far.
 *
 * @param sent messages handed to the network
 * @param delivered messages that reached a receiver (duplicates count each time)
 * @param duplicated extra copies the network made
 * @param lost messages dropped by random loss
 * @param partitioned messages dropped because a partition cut their link
 * @param undeliverable messages whose destination had no receiver
 * @param bytesSent bytes handed to the network
 */
public record NetworkStats(long sent, long delivered, long duplicated, long lost, long partitioned,
        long undeliverable, long bytesSent) {

    /**
     * Returns messages sent per operation, the cost measure of distributed protocols.
     *
     * @param operations how many client operations the messages served
     * @return sent / operations
     */
    public double messagesPerOperation(long operations) {
        return operations == 0 ? 0 : sent / (double) operations;
    }

    /**
     * Returns messages dropped for any reason.
     *
     * @return lost + partitioned + undeliverable
     */
    public long dropped() {
        return lost + partitioned + undeliverable;
    }
}
