package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * One row of a {@link WideColumnStore}: a value under a partition key and a clustering key.
 * Rows of one partition are stored together, sorted by clustering key, so a query reads the
 * newest (highest clustering key) first.
 *
 * @param partition the partition key: which partition, and so which server, holds the row
 * @param clustering the clustering key: the row's place in its partition (a time or an id)
 * @param value the value ({@code null} for a row never written)
 * @param version 0 for a row never written, +1 per write
 * @param <V> the type of values
 */
@LearnerApi(allMembers = true)
public record Cell<V>(String partition, long clustering, V value, long version) {
}
