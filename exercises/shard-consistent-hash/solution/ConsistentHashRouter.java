import dev.loadbearing.sim.shard.Shard;
import dev.loadbearing.sim.shard.ShardHash;
import dev.loadbearing.sim.shard.ShardRouter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Routes each key to a shard so that adding or removing a shard moves only the keys that must
 * move, and every shard holds about the same number of keys.
 *
 * <p>A hash ring: every shard is placed at {@link #VIRTUAL_NODES} points, at the hashes of
 * "name#0", "name#1" and so on, and a key belongs to the shard of the first point at or after the
 * key's hash (wrapping round). A new shard's points take over only the keys just before each of
 * them, a little from every old shard; a leaving shard's keys go to the next points, spread over
 * all the others. The ring is built once per set of shards.
 */
public final class ConsistentHashRouter implements ShardRouter {
    /** Points per shard: more points, more even shares (about 1/sqrt(points) relative spread). */
    static final int VIRTUAL_NODES = 160;

    private Set<String> builtFor = Set.of();
    private TreeMap<Long, Shard> ring = new TreeMap<>();

    @Override
    public Shard shardFor(String key, List<Shard> shards) {
        if (shards.size() != builtFor.size() || !sameNames(shards)) {
            build(shards);
        }
        Map.Entry<Long, Shard> point = ring.ceilingEntry(ShardHash.of(key));
        return (point != null ? point : ring.firstEntry()).getValue();
    }

    private boolean sameNames(List<Shard> shards) {
        for (Shard shard : shards) {
            if (!builtFor.contains(shard.name())) {
                return false;
            }
        }
        return true;
    }

    private void build(List<Shard> shards) {
        TreeMap<Long, Shard> points = new TreeMap<>();
        Set<String> names = new HashSet<>();
        for (Shard shard : shards) {
            names.add(shard.name());
            for (int v = 0; v < VIRTUAL_NODES; v++) {
                points.put(ShardHash.of(shard.name() + "#" + v), shard);
            }
        }
        ring = points;
        builtFor = names;
    }
}
