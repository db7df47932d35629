package dev.loadbearing.sim.shard;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.List;

/**
 * Decides which shard holds a key. Every application server runs its own router and they share
 * nothing, so the answer must follow from the key and the set of shards alone: two routers asked
 * about the same key and the same shards, in any order, must give the same shard. A router may
 * remember what it computed for a set of shards (a hash ring, say) to answer faster.
 *
 * <pre>{@code
 * // hash mod n: even, but adding a shard moves almost every key
 * ShardRouter modulo = (key, shards) ->
 *         shards.get(Math.floorMod(ShardHash.of(key), shards.size()));
 * }</pre>
 */
@LearnerApi(allMembers = true)
@FunctionalInterface
public interface ShardRouter {
    /**
     * Chooses the shard for a key.
     *
     * @param key the key, such as {@code "user:4711"}
     * @param shards the shards of the keyspace, at least one, in no particular order (the order
     *     may differ from one call to the next)
     * @return one of {@code shards}
     */
    Shard shardFor(String key, List<Shard> shards);
}
