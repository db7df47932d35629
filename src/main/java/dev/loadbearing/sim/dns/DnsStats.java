package dev.loadbearing.sim.dns;

/**
 * What an authoritative {@link Dns} server has answered so far.
 *
 * @param queries queries answered
 * @param peakQueriesPerSecond the most queries in any one second
 */
public record DnsStats(long queries, long peakQueriesPerSecond) {
}
