import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.store.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads of Zipf-distributed keys through a cache-aside cache in front of a database. */
public final class Scenario implements LiveScenario {
    private static final int KEYS = 10_000;
    private static final int READS = 20_000;
    private static final double READS_PER_SECOND = 500;
    private static final int[] SIZES = {50, 200, 500, 1000, 2000, 5000};

    @Override
    public LiveRun run(LiveParameters p) {
        double skew = p.number("skew");
        boolean ttlOnly = p.choice("policy").equals("ttl");
        Result chosen = run(p.seed(), p.integer("size"), skew, ttlOnly);
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int size : SIZES) {
            labels.add(String.valueOf(size));
            ratios.add(100 * run(p.seed(), size, skew, false).hitRatio());
        }
        String summary = String.format(Locale.ROOT,
                "%s cache, s = %.2f: %.1f%% of %d reads hit, so the database served %d reads instead of %d (%.0f%% saved); it held %d entries at the end.",
                ttlOnly ? "A TTL-only" : "An LRU " + p.integer("size") + "-entry", skew, 100 * chosen.hitRatio(), READS,
                chosen.databaseReads, READS, 100 * chosen.hitRatio(), chosen.held);
        return new LiveRun(summary, List.of(
                new BarChart("Where the reads went (seed " + p.seed() + ")", "served by", "reads",
                        List.of("cache", "database"), List.of((double) (READS - chosen.databaseReads), (double) chosen.databaseReads)),
                new BarChart("LRU hit ratio by cache size at s = " + String.format(Locale.ROOT, "%.2f", skew),
                        "cache size (entries)", "hit ratio (%)", labels, ratios)));
    }

    private record Result(long databaseReads, int held) {
        double hitRatio() {
            return 1 - (double) databaseReads / READS;
        }
    }

    private static Result run(long seed, int size, double skew, boolean ttlOnly) {
        Sim sim = new Sim(seed);
        Cache<Integer, String> cache = new Cache<>(sim, "cache");
        if (ttlOnly) {
            cache.capacity(KEYS).ttl(Time.seconds(10));
        } else {
            cache.capacity(size);
        }
        Zipf keys = new Zipf(KEYS, skew);
        RandomStream random = sim.random("keys");
        long[] misses = {0};
        long gap = Time.seconds(1 / READS_PER_SECOND);
        for (int i = 0; i < READS; i++) {
            sim.at(i * gap, "read", () -> {
                int key = keys.rank(random);
                cache.get(key, reply -> {
                    if (reply.value() == null) {
                        misses[0]++;
                        cache.put(key, "row " + key, ignored -> { });
                    }
                });
            });
        }
        sim.run();
        return new Result(misses[0], cache.size());
    }
}
