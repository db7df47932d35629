import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.shard.HashRing;
import dev.loadbearing.sim.shard.Movement;
import dev.loadbearing.sim.shard.Placement;
import dev.loadbearing.sim.shard.Shard;
import dev.loadbearing.sim.shard.ShardHash;
import dev.loadbearing.sim.shard.ShardRouter;
import dev.loadbearing.sim.shard.ShardedKeyspace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * 20,000 keys placed on named shards by mod n or a hash ring, before and after one shard joins or
 * leaves: keys moved and where to, keys per shard, and the share of requests each shard serves
 * when popularity is skewed (Zipf over the keys) and one celebrity key takes a share of its own.
 */
public final class Scenario implements LiveScenario {
    private static final int KEYS = 20_000;
    private static final long BYTES_PER_KEY = 100_000_000;          // 100 MB a key: 2 TB in all
    private static final double COPY_BYTES_PER_SECOND = 200e6;

    /** hash(key) mod n over the shards sorted by name (the list's order means nothing). */
    static final class ModN implements ShardRouter {
        @Override
        public Shard shardFor(String key, List<Shard> shards) {
            List<Shard> sorted = new ArrayList<>(shards);
            sorted.sort(Comparator.comparing(Shard::name));
            return sorted.get((int) Long.remainderUnsigned(ShardHash.of(key), sorted.size()));
        }
    }

    @Override
    public LiveRun run(LiveParameters p) {
        long seed = p.seed();
        int n = p.integer("shards");
        boolean ring = p.choice("router").equals("ring");
        int points = p.integer("points");
        boolean add = p.choice("change").equals("add");
        double skew = p.number("skew");
        double hot = p.number("hot");

        ShardedKeyspace keyspace = new ShardedKeyspace(seed, ShardedKeyspace.randomKeys(seed, KEYS));
        List<Shard> before = ShardedKeyspace.randomShards(seed, n + 1);
        Shard changed = before.get(n);
        before = new ArrayList<>(before.subList(0, n));
        List<Shard> after = new ArrayList<>(before);
        if (add) {
            after.add(changed);
        } else {
            changed = before.get(new RandomStream(seed, "leaving").nextInt(n));
            after.remove(changed);
        }
        Placement was = keyspace.place(ring ? new HashRing(points) : new ModN(), before);
        Placement is = keyspace.place(ring ? new HashRing(points) : new ModN(), after);
        Movement moved = was.to(is);

        // request shares: Zipf over a shuffled popularity order, plus one celebrity key
        List<String> keys = new ArrayList<>(keyspace.keys());
        RandomStream order = new RandomStream(seed, "popularity");
        for (int i = keys.size() - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            String t = keys.get(i);
            keys.set(i, keys.get(j));
            keys.set(j, t);
        }
        double[] weight = new double[KEYS];
        if (skew > 0) {
            Zipf zipf = new Zipf(KEYS, skew);
            for (int r = 0; r < KEYS; r++) {
                weight[r] = zipf.probability(r + 1) * (1 - hot);
            }
        } else {
            java.util.Arrays.fill(weight, (1 - hot) / KEYS);
        }
        weight[0] += hot;                                  // keys.get(0) is the celebrity
        Map<String, Double> loadBefore = load(was, keys, weight);
        Map<String, Double> loadAfter = load(is, keys, weight);

        double ideal = add ? 1.0 / (n + 1) : 1.0 / n;
        String routerName = ring ? String.format(Locale.ROOT, "a ring with %d point%s per shard", points, points == 1 ? "" : "s")
                : "mod n";
        String summary = String.format(Locale.ROOT,
                "With %s, %s %d to %d shards moved %.1f%% of the keys (the least possible is %.1f%%), %,d of them"
                        + " between shards that were there all along; copying them at 200 MB/s into the busiest receiver"
                        + " takes %.0f minutes. Afterwards the fullest shard holds %.2f× the mean of keys, and the busiest"
                        + " serves %.2f× the mean of requests.",
                routerName, "going from", n, after.size(), 100 * moved.movedShare(), 100 * ideal,
                add ? moved.movedToExistingShards() : moved.movedFromSurvivingShards(),
                moved.copySeconds(BYTES_PER_KEY, COPY_BYTES_PER_SECOND) / 60, is.maxOverMean(), maxOverMean(loadAfter));
        return new LiveRun(summary, List.of(
                moved.figure(String.format(Locale.ROOT, "Keys moved, old shard → new shard (%s, seed %d)", routerName, seed)),
                ShardedKeyspace.keysPerShardFigure(String.format(Locale.ROOT, "Keys per shard before and after (seed %d)", seed), was, is),
                loadFigure(String.format(Locale.ROOT, "Share of requests per shard before and after, %% (skew %.2f, celebrity %.0f%%, seed %d)",
                        skew, hot * 100, seed), was, loadBefore, is, loadAfter)));
    }

    private static Map<String, Double> load(Placement placement, List<String> keys, double[] weight) {
        Map<String, Double> load = new HashMap<>();
        placement.shards().forEach(s -> load.put(s.name(), 0.0));
        for (int i = 0; i < keys.size(); i++) {
            load.merge(placement.shardOf(keys.get(i)), weight[i], Double::sum);
        }
        return load;
    }

    private static double maxOverMean(Map<String, Double> load) {
        double max = load.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return max * load.size();                           // the shares sum to 1
    }

    private static BarChart loadFigure(String title, Placement was, Map<String, Double> before, Placement is, Map<String, Double> after) {
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Placement placement : List.of(was, is)) {
            Map<String, Double> load = placement == was ? before : after;
            for (String shard : placement.keysPerShard().keySet()) {
                labels.add(shard + " (" + placement.shards().size() + " shards)");
                values.add(100 * load.get(shard));
            }
        }
        return new BarChart(title, "shard, in each configuration", "% of requests", labels, values);
    }
}
