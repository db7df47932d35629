package dev.loadbearing.sim.shard;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sharded store of counters (likes, views, stock): every key lives on one shard, chosen by a
 * router, and each shard can serve at most {@code capacity} operations per second. An operation
 * takes effect at once (this model has no latency); what it measures is the load: operations per
 * shard in every one-second window, and the seconds in which a shard went over its capacity (a
 * real shard would queue, time out or throttle there).
 *
 * <pre>{@code
 * ShardedStore store = new ShardedStore(sim, ShardedKeyspace.randomShards(7, 8), new HashRing(160), 800);
 * store.add("post:42", 1);
 * long likes = store.get("post:42");
 * store.peakOpsPerSecond();        // the busiest shard's busiest second
 * }</pre>
 */
@LearnerApi
public final class ShardedStore {
    private final Sim sim;
    private final List<Shard> shards;
    private final ShardRouter router;
    private final int capacity;
    private final Map<String, Long> values = new HashMap<>();
    private final Map<String, Shard> placement = new HashMap<>();
    /** Per shard name, operations per whole second of virtual time (index = second). */
    private final Map<String, List<Integer>> opsPerSecond = new LinkedHashMap<>();
    private long operations;
    private boolean measuring = true;

    /**
     * Creates a store.
     *
     * @param sim the simulation whose clock the windows follow
     * @param shards the shards, with distinct names
     * @param router how keys are placed (a {@link HashRing} for an even spread)
     * @param capacity operations per second one shard can serve
     */
    public ShardedStore(Sim sim, List<Shard> shards, ShardRouter router, int capacity) {
        this.sim = sim;
        this.shards = List.copyOf(shards);
        this.router = router;
        this.capacity = capacity;
        for (Shard shard : this.shards) {
            opsPerSecond.put(shard.name(), new ArrayList<>());
        }
    }

    /**
     * Adds to a counter (one operation on the key's shard).
     *
     * @param key the counter's key
     * @param delta how much to add (may be negative)
     */
    @LearnerApi
    public void add(String key, long delta) {
        count(key);
        values.merge(key, delta, Long::sum);
    }

    /**
     * Reads a counter (one operation on the key's shard).
     *
     * @param key the counter's key
     * @return its value, 0 if it was never added to
     */
    @LearnerApi
    public long get(String key) {
        count(key);
        return values.getOrDefault(key, 0L);
    }

    /**
     * Returns the current virtual time.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    public long now() {
        return sim.now();
    }

    private void count(String key) {
        if (!measuring) {
            return;
        }
        Shard shard = placement.computeIfAbsent(key, k -> router.shardFor(k, shards));
        List<Integer> counts = opsPerSecond.get(shard.name());
        int second = (int) (sim.now() / Time.seconds(1));
        while (counts.size() <= second) {
            counts.add(0);
        }
        counts.set(second, counts.get(second) + 1);
        operations++;
    }

    /**
     * Stops measuring: operations from now on still work but are not counted, so a test's final
     * checks through the learner's code do not show up as load.
     */
    public void stopMeasuring() {
        measuring = false;
    }

    /**
     * Reads a counter without counting an operation (for tests' checks).
     *
     * @param key the key
     * @return its value, 0 if never added to
     */
    public long peek(String key) {
        return values.getOrDefault(key, 0L);
    }

    /**
     * Returns the name of the shard a key lives on (placing it if it was never used).
     *
     * @param key the key
     * @return the shard's name
     */
    public String shardOf(String key) {
        return placement.computeIfAbsent(key, k -> router.shardFor(k, shards)).name();
    }

    /**
     * Returns the capacity.
     *
     * @return operations per second one shard can serve
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns every operation so far.
     *
     * @return reads and adds on all shards
     */
    public long operations() {
        return operations;
    }

    /**
     * Returns each shard's busiest second.
     *
     * @return shard name to its highest count of operations in one second
     */
    public Map<String, Integer> peakOpsPerShard() {
        Map<String, Integer> peaks = new LinkedHashMap<>();
        opsPerSecond.forEach((name, counts) -> peaks.put(name, counts.stream().mapToInt(Integer::intValue).max().orElse(0)));
        return peaks;
    }

    /**
     * Returns the busiest second of the busiest shard.
     *
     * @return the highest count of operations one shard served in one second
     */
    public int peakOpsPerSecond() {
        return peakOpsPerShard().values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * Returns the shard whose busiest second was the busiest (the first of them on a tie).
     *
     * @return the shard's name
     */
    public String hottestShard() {
        String hottest = null;
        int most = -1;
        for (Map.Entry<String, Integer> entry : peakOpsPerShard().entrySet()) {
            if (entry.getValue() > most) {
                most = entry.getValue();
                hottest = entry.getKey();
            }
        }
        return hottest;
    }

    /**
     * Returns how many (shard, second) pairs went over capacity.
     *
     * @return the number of overloaded shard-seconds
     */
    public int overloadedSeconds() {
        int over = 0;
        for (List<Integer> counts : opsPerSecond.values()) {
            for (int count : counts) {
                over += count > capacity ? 1 : 0;
            }
        }
        return over;
    }

    /**
     * Returns a bar chart of each shard's busiest second, with the capacity as the last bar.
     *
     * @param title the chart's title (name the seed)
     * @return the chart
     */
    public BarChart peakFigure(String title) {
        List<String> labels = new ArrayList<>(peakOpsPerShard().keySet());
        List<Double> values = new ArrayList<>();
        peakOpsPerShard().values().forEach(v -> values.add((double) v));
        labels.add("capacity");
        values.add((double) capacity);
        return new BarChart(title, "shard", "operations in its busiest second", labels, values);
    }

    /**
     * Returns the operations per second of the hottest shard and of the average shard over time,
     * with the capacity as a flat line.
     *
     * @param title the chart's title (name the seed)
     * @return the chart
     */
    public TimeSeriesChart loadFigure(String title) {
        String hottest = hottestShard();
        int seconds = opsPerSecond.values().stream().mapToInt(List::size).max().orElse(0);
        List<Double> xs = new ArrayList<>();
        List<Double> hot = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> cap = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            xs.add(s + 0.5);
            hot.add((double) at(hottest, s));
            double sum = 0;
            for (String name : opsPerSecond.keySet()) {
                sum += at(name, s);
            }
            mean.add(sum / shards.size());
            cap.add((double) capacity);
        }
        return new TimeSeriesChart(title, "operations per second", List.of(
                new TimeSeriesChart.Series("hottest shard (" + hottest + ")", xs, hot),
                new TimeSeriesChart.Series("mean of " + shards.size() + " shards", xs, mean),
                new TimeSeriesChart.Series("capacity", xs, cap)), List.of());
    }

    private int at(String shard, int second) {
        List<Integer> counts = opsPerSecond.get(shard);
        return second < counts.size() ? counts.get(second) : 0;
    }
}
