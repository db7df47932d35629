package dev.loadbearing.sim.net;


/**
 * A message carried by a {@link Network}. A duplicated message arrives twice with the same id.
 *
 * @param id the network-wide message number, from 1
 * @param from the sending node
 * @param to the receiving node
 * @param body what the message carries
 * @param bytes its size, for byte counts
 * @param sentAt when it was sent, in nanoseconds
 */
public record Message(long id, String from, String to, Object body, int bytes, long sentAt) {
    @Override
    public String toString() {
        return "#" + id + " " + from + "->" + to + " " + body;
    }
}
