import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.store.WideColumnStore;
import java.util.List;
import java.util.Locale;

/**
 * A celebrity's activity timeline written at followers / 1,000 writes a second for 5 s, spread
 * over some buckets, and read 500 times a second, a page of 20 at a time.
 */
public final class Scenario implements LiveScenario {
    private static final long DURATION = Time.seconds(5);
    private static final double READS_PER_SECOND = 500;
    private static final int PAGE = 20;
    private static final Distribution EXPONENTIAL = Distribution.exponential(Time.ms(1));

    @Override
    public LiveRun run(LiveParameters p) {
        long seed = p.seed();
        double rate = p.number("followers") * 1_000;
        int buckets = p.integer("buckets");
        int limit = p.integer("limit");
        boolean scatter = p.choice("reads").equals("all");

        Sim sim = new Sim(seed);
        RandomStream random = sim.random("timeline");
        WideColumnStore<Long> store = new WideColumnStore<Long>(sim, "timelines")
                .readLatency(r -> Time.ms(1) + EXPONENTIAL.sample(r))
                .rowLatency(Time.ms(0.02))
                .writeLimit(limit);
        long[] turn = {0};
        long[] id = {0};
        double gap = 1e9 / rate;
        for (double t = gap * random.nextDouble(); t < DURATION; t += -Math.log(1 - random.nextDouble()) * gap) {
            sim.at((long) t, "write", () -> {
                long entry = ++id[0];
                store.put("@star#" + (turn[0]++ % buckets), entry, entry, null);
            });
        }
        Latencies latency = new Latencies();
        double readGap = 1e9 / READS_PER_SECOND;
        for (double t = Time.seconds(1); t < DURATION; t += -Math.log(1 - random.nextDouble()) * readGap) {
            sim.at((long) t, "read", () -> {
                long start = sim.now();
                int queries = scatter ? buckets : 1;
                int[] left = {queries};
                for (int i = 0; i < queries; i++) {
                    String partition = "@star#" + (scatter ? i : (int) (turn[0]++ % buckets));
                    store.query(partition, PAGE, reply -> {
                        if (--left[0] == 0) {
                            latency.record(sim.now() - start);
                        }
                    });
                }
            });
        }
        sim.run();
        double asked = rate / buckets;
        String summary = String.format(Locale.ROOT,
                "%,.0f writes a second over %d bucket%s is about %,.0f a bucket against a limit of %,d: %,d of %,d "
                        + "writes were throttled (%.1f%%). Reads made %.1f queries each and took %.1f ms at p99.",
                rate, buckets, buckets == 1 ? "" : "s", asked, limit, store.throttled(), store.throttled() + store.writes(),
                100.0 * store.throttled() / Math.max(1, store.throttled() + store.writes()),
                (store.queries()) / (double) Math.max(1, latency.count()), Time.toMillis(latency.percentile(99)));
        return new LiveRun(summary, List.of(
                store.writesFigure(String.format(Locale.ROOT, "Writes a second asked of the hottest bucket (seed %d)", seed)),
                store.peaksFigure(String.format(Locale.ROOT, "Busiest second of each bucket (seed %d)", seed), 32),
                latency.chart(String.format(Locale.ROOT, "Timeline read latency, %s (seed %d)",
                        scatter ? "every bucket merged" : "one bucket", seed), 30)));
    }
}
