package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * What a read of a {@link Replica} or the {@link Primary} answered: the row, and how far the
 * answering copy had got in the log when it read it.
 *
 * @param value the row, or {@code null} if the copy has none
 * @param position the log position the copy included when it answered (compare with a version token)
 * @param from the name of the copy that answered
 * @param <V> the type of rows
 */
@LearnerApi(allMembers = true)
public record ReplicaRead<V>(V value, long position, String from) {
}
