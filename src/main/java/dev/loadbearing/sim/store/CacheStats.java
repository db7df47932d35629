package dev.loadbearing.sim.store;

/**
 * What a {@link Cache} has done so far.
 *
 * @param hits gets that found a live entry
 * @param misses gets that found none
 * @param hitRatio hits / (hits + misses), 0 before the first get
 * @param puts puts applied
 * @param deletes deletes applied
 * @param evictions entries evicted to make room (least recently used first)
 * @param expirations entries found expired
 * @param failures calls that failed because the cache was down or crashed
 * @param size live entries now
 */
public record CacheStats(long hits, long misses, double hitRatio, long puts, long deletes, long evictions,
        long expirations, long failures, int size) {
}
