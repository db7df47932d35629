import dev.loadbearing.sim.shard.Shard;
import dev.loadbearing.sim.shard.ShardHash;
import dev.loadbearing.sim.shard.ShardRouter;
import java.util.Comparator;
import java.util.List;

/**
 * Routes each key to a shard so that adding or removing a shard moves only the keys that must
 * move, and every shard holds about the same number of keys.
 */
public final class ConsistentHashRouter implements ShardRouter {

    @Override
    public Shard shardFor(String key, List<Shard> shards) {
        // hash mod n, over the shards sorted by name: even, and the same in every router. But
        // when a shard joins, n changes and almost every key lands on another shard.
        List<Shard> sorted = shards.stream().sorted(Comparator.comparing(Shard::name)).toList();
        return sorted.get((int) Math.floorMod(ShardHash.of(key), (long) sorted.size()));
    }
}
