package dev.loadbearing.sim.shard;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Consistent hashing with virtual nodes, the router a sharded store uses when a test does not
 * give it the learner's: every shard sits at {@code points} places on a ring of 64-bit hashes
 * ({@code ShardHash.of(name + "#" + i)}), and a key belongs to the first point at or after
 * {@code ShardHash.of(key)}, wrapping round. The ring is rebuilt when the set of shard names
 * changes. Learner code may build one to know where keys live before and after a change of
 * shards.
 */
@LearnerApi
public final class HashRing implements ShardRouter {
    private final int points;
    private Set<String> builtFor = Set.of();
    private TreeMap<Long, Shard> ring = new TreeMap<>();

    /**
     * Creates a ring.
     *
     * @param points places on the ring per shard, at least 1 (100 to 200 give shares within
     *     about 10-15% of the mean)
     */
    @LearnerApi
    public HashRing(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("a ring needs at least one point per shard");
        }
        this.points = points;
    }

    @Override
    @LearnerApi
    public Shard shardFor(String key, List<Shard> shards) {
        if (shards.size() != builtFor.size() || !shards.stream().allMatch(s -> builtFor.contains(s.name()))) {
            TreeMap<Long, Shard> next = new TreeMap<>();
            Set<String> names = new HashSet<>();
            for (Shard shard : shards) {
                names.add(shard.name());
                for (int i = 0; i < points; i++) {
                    next.put(ShardHash.of(shard.name() + "#" + i), shard);
                }
            }
            ring = next;
            builtFor = names;
        }
        Map.Entry<Long, Shard> point = ring.ceilingEntry(ShardHash.of(key));
        return (point != null ? point : ring.firstEntry()).getValue();
    }
}
