package dev.loadbearing.sim.shard;

import dev.loadbearing.sim.figure.BarChart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys that changed shard between two placements of the same keys, and what copying them
 * costs. Resharding copies every moved key from its old shard to its new one, so the number of
 * keys moved is the cost of a membership change; the keys that had to move are those of a shard
 * that left, and a fair share for a shard that joined.
 *
 * @param keys the keys in both placements
 * @param moved how many of them are on another shard afterwards
 * @param flows moved keys per (old shard, new shard), keyed {@code "old → new"}
 * @param movedToExistingShards moved keys that went to a shard that was there before (none have
 *     to when shards are only added)
 * @param movedFromSurvivingShards moved keys that came from a shard that is still there (none
 *     have to when shards are only removed)
 * @param movedIn moved keys per shard that received them
 */
public record Movement(int keys, int moved, Map<String, Integer> flows, int movedToExistingShards,
        int movedFromSurvivingShards, Map<String, Integer> movedIn) {

    /**
     * Copies the maps.
     *
     * @param keys see the record description
     * @param moved see the record description
     * @param flows see the record description
     * @param movedToExistingShards see the record description
     * @param movedFromSurvivingShards see the record description
     * @param movedIn see the record description
     */
    public Movement {
        flows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(flows));
        movedIn = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(movedIn));
    }

    static Movement between(Placement before, Placement after) {
        Set<String> oldShards = new HashSet<>(before.keysPerShard().keySet());
        Set<String> newShards = new HashSet<>(after.keysPerShard().keySet());
        Map<String, Integer> flows = new LinkedHashMap<>();
        Map<String, Integer> movedIn = new LinkedHashMap<>();
        int keys = 0;
        int moved = 0;
        int toExisting = 0;
        int fromSurvivors = 0;
        for (Map.Entry<String, String> entry : before.assignments().entrySet()) {
            String then = entry.getValue();
            String now = after.shardOf(entry.getKey());
            if (now == null) {
                continue;
            }
            keys++;
            if (!now.equals(then)) {
                moved++;
                flows.merge(then + " → " + now, 1, Integer::sum);
                movedIn.merge(now, 1, Integer::sum);
                toExisting += oldShards.contains(now) ? 1 : 0;
                fromSurvivors += newShards.contains(then) ? 1 : 0;
            }
        }
        return new Movement(keys, moved, flows, toExisting, fromSurvivors, movedIn);
    }

    /**
     * Returns the share of keys that moved.
     *
     * @return moved / keys, from 0 to 1
     */
    public double movedShare() {
        return keys == 0 ? 0 : moved / (double) keys;
    }

    /**
     * Returns the bytes copied between shards if every key holds {@code bytesPerKey} bytes.
     *
     * @param bytesPerKey the size of one key's data
     * @return moved × bytesPerKey
     */
    public long bytesCopied(long bytesPerKey) {
        return moved * bytesPerKey;
    }

    /**
     * Returns how long the copy takes when each shard can take in {@code bytesPerSecond} (its
     * disk or network, whichever is slower) and every shard receives in parallel: the shard that
     * receives the most sets the time. When one new shard receives every moved key, it is the
     * bottleneck however many shards send.
     *
     * @param bytesPerKey the size of one key's data
     * @param bytesPerSecond how fast one shard can take in data
     * @return seconds until the last receiving shard has its keys
     */
    public double copySeconds(long bytesPerKey, double bytesPerSecond) {
        int most = movedIn.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return most * (double) bytesPerKey / bytesPerSecond;
    }

    /**
     * Returns a bar chart of the moved keys per (old shard → new shard), largest first, and the
     * keys that stayed.
     *
     * @param title the chart's title (name the seed in it)
     * @return the chart
     */
    public BarChart figure(String title) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(flows.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        labels.add("stayed");
        values.add((double) (keys - moved));
        for (Map.Entry<String, Integer> entry : sorted.subList(0, Math.min(sorted.size(), 40))) {
            labels.add(entry.getKey());
            values.add((double) entry.getValue());
        }
        return new BarChart(title, "old shard → new shard", "keys", labels, values);
    }
}
