package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.function.Consumer;

/**
 * Answers the query side's reads from replicas of a read model (or, at a cost, from the primary),
 * honouring a version token: a read with token {@code t} must be answered from a copy that
 * includes log position {@code t} (the reader's own write), a read with token 0 from any copy.
 *
 * @param <V> the type of rows
 */
@LearnerApi
public interface PageReader<V> {
    /**
     * Reads one row and answers exactly once.
     *
     * @param key the row's key
     * @param token the position the answer must include, 0 for none
     * @param context the clock and a timer, to wait
     * @param answer called once with what was read
     */
    @LearnerApi
    void read(String key, long token, ReadContext context, Consumer<ReplicaRead<V>> answer);
}
