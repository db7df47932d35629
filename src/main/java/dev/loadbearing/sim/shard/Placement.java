package dev.loadbearing.sim.shard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a router put a set of keys over a set of shards: the shard of every key, and how many
 * keys each shard holds. Made by {@link ShardedKeyspace#place(ShardRouter, List)}.
 */
public final class Placement {
    private final List<Shard> shards;
    private final Map<String, String> shardOf;
    private final Map<String, Integer> keysPerShard;

    Placement(List<Shard> shards, Map<String, String> shardOf) {
        this.shards = List.copyOf(shards);
        this.shardOf = Collections.unmodifiableMap(shardOf);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Shard shard : this.shards) {
            counts.put(shard.name(), 0);
        }
        for (String name : shardOf.values()) {
            counts.merge(name, 1, Integer::sum);
        }
        this.keysPerShard = Collections.unmodifiableMap(counts);
    }

    /**
     * Returns the shards the keys were placed on, in the order the keyspace was given them.
     *
     * @return the shards
     */
    public List<Shard> shards() {
        return shards;
    }

    /**
     * Returns how many keys were placed.
     *
     * @return the number of keys
     */
    public int keys() {
        return shardOf.size();
    }

    /**
     * Returns the name of the shard that holds a key.
     *
     * @param key a key of the keyspace
     * @return the shard's name, or {@code null} for a key that was not placed
     */
    public String shardOf(String key) {
        return shardOf.get(key);
    }

    /**
     * Returns every key's shard name.
     *
     * @return key to shard name, in the keyspace's key order
     */
    public Map<String, String> assignments() {
        return shardOf;
    }

    /**
     * Returns how many keys each shard holds, every shard included (with 0 if it got none).
     *
     * @return shard name to number of keys, in the order of {@link #shards()}
     */
    public Map<String, Integer> keysPerShard() {
        return keysPerShard;
    }

    /**
     * Returns the mean number of keys per shard.
     *
     * @return keys / shards
     */
    public double meanKeysPerShard() {
        return keys() / (double) shards.size();
    }

    /**
     * Returns how far the fullest shard is above the mean: 1.0 is perfectly even, and 1.5 means
     * the fullest shard holds half again as many keys as the average one (so it fills, and runs
     * hot, first).
     *
     * @return the largest shard's keys divided by the mean
     */
    public double maxOverMean() {
        int most = keysPerShard.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return keys() == 0 ? 1.0 : most / meanKeysPerShard();
    }

    /**
     * Returns the name of the fullest shard (the first of them on a tie).
     *
     * @return the shard's name
     */
    public String fullestShard() {
        String fullest = null;
        int most = -1;
        for (Map.Entry<String, Integer> entry : keysPerShard.entrySet()) {
            if (entry.getValue() > most) {
                fullest = entry.getKey();
                most = entry.getValue();
            }
        }
        return fullest;
    }

    /**
     * Compares this placement with a later one of the same keys: which keys changed shard.
     *
     * @param after where the same keys are after shards were added or removed
     * @return the movement from this placement to {@code after}
     */
    public Movement to(Placement after) {
        return Movement.between(this, after);
    }
}
