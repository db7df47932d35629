import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.shard.HashRing;
import dev.loadbearing.sim.shard.Shard;
import dev.loadbearing.sim.shard.ShardCluster;
import dev.loadbearing.sim.shard.ShardedKeyspace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * A sharded key-value store under steady traffic, resharded live from n shards to n + k. Clients
 * read and write through one Resharder (the application's data layer) at a Poisson rate, 80% of
 * operations on keys of Zipf(0.9) popularity and the rest on any key; about 2% of writes create new
 * keys. Every shard serves one operation at a time: 0.3 ms plus the value bytes at 40 MB/s; a
 * copy's data takes 20 ms plus its bytes at 50 MB/s to travel between shards. The migration starts at {@link #START}; it must be done (done() true) within
 * the time bound; traffic goes on for 1 s after done() (or 2 s past the bound), then stops, and
 * every key is read once more.
 *
 * <p>Checks, as operations complete: a read never returns less than the latest write acknowledged
 * before it was issued, nor less than a read that completed before it was issued (values are
 * increasing write numbers), and it finds every key that exists. After the run: every write and
 * read was answered, every key's final read equals its last acknowledged write and is served by
 * the key's shard in the new placement (a HashRing with 160 points per shard), and the p99 of every
 * second of the migration is at most 3 times the p99 before it.
 */
final class LiveMigration {
    static final long START = Time.seconds(2);
    static final double P99_FACTOR = 3.0;

    /** What a run is made of; {@link #random(long)} draws it from the seed. */
    record Setup(long seed, int shards, int added, int keys, double rate, double writeShare, int minBytes,
            int maxBytes, double boundSeconds, boolean migrate) {
        String describe() {
            return !migrate ? String.format(Locale.ROOT, "%d shards, %,d keys, %,.0f ops/s, no resharding", shards, keys, rate)
                    : String.format(Locale.ROOT, "%d shards → %d, %,d keys of %,d-%,d bytes, %,.0f ops/s (%.0f%% writes), "
                    + "done within %.0f s", shards, shards + added, keys, minBytes, maxBytes, rate, 100 * writeShare,
                    boundSeconds);
        }
    }

    static Setup random(long seed) {
        Random random = new Random(seed * 7919 + 3);
        int shards = 3 + random.nextInt(3);
        int added = 1 + random.nextInt(2);
        int keys = 2_500 + 500 * random.nextInt(6);
        double rate = 800 + 50 * random.nextInt(9);
        double writes = 0.3 + 0.05 * random.nextInt(5);
        int min = 1_024 * (1 + random.nextInt(4));
        int max = min + 1_024 * (8 + random.nextInt(9));
        return new Setup(seed, shards, added, keys, rate, writes, min, max, 8 + random.nextInt(5), true);
    }

    final Setup setup;
    final long seed;
    final List<Shard> before;
    final List<Shard> after;
    final ShardCluster cluster;
    private final Sim sim;
    private final Resharder resharder;
    private final HashRing targetRing = new HashRing(160);
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> bytes = new HashMap<>();
    private final Map<String, long[]> acked = new HashMap<>();        // key -> {value, ack time}
    private final Map<String, long[]> readBest = new HashMap<>();     // key -> {value, time}
    private final Map<String, Boolean> writing = new HashMap<>();
    private final List<Latencies> perSecond = new ArrayList<>();
    private final Latencies baseline = new Latencies();
    private final long end;
    private long nextValue = 2;
    private long issued;
    private long answered;
    private long doneAt = -1;
    private long stopped = Long.MAX_VALUE;
    private String violation;
    private ShardCluster.Served lastServed;
    private boolean attached;

    LiveMigration(BiFunction<ShardCluster, List<Shard>, Resharder> make, Setup setup) {
        this.setup = setup;
        this.seed = setup.seed();
        this.sim = new Sim(seed);
        List<Shard> all = ShardedKeyspace.randomShards(seed, setup.shards() + setup.added());
        this.before = List.copyOf(all.subList(0, setup.shards()));
        this.after = List.copyOf(all);
        this.cluster = new ShardCluster(sim, after, Time.ms(0.3), 40e6).transfer(Time.ms(20), 50e6);
        RandomStream random = sim.random("migration/traffic");
        HashRing ring = new HashRing(160);
        for (String key : ShardedKeyspace.randomKeys(seed, setup.keys())) {
            int size = setup.minBytes() + random.nextInt(setup.maxBytes() - setup.minBytes() + 1);
            keys.add(key);
            bytes.put(key, size);
            acked.put(key, new long[] {1, 0});
            cluster.load(ring.shardFor(key, before), key, 1, size);
        }
        cluster.onServed(served -> lastServed = served);
        this.resharder = make.apply(cluster, before);
        this.end = START + Time.seconds(setup.boundSeconds()) + Time.seconds(2);
        Zipf popularity = new Zipf(setup.keys(), 0.9);
        long gap = (long) (1e9 / setup.rate());
        for (long t = 1 + random.nextInt((int) gap); t < end; t += 1 + (long) (-Math.log(1 - random.nextDouble()) * gap)) {
            boolean write = random.chance(setup.writeShare());
            boolean insert = write && random.chance(0.02);
            String key = insert ? "new-" + Long.toString(Math.abs(random.nextLong()) % 1_000_000_000L, 36) + "-" + keys.size()
                    : null;
            int pick = random.chance(0.8) ? popularity.rank(random) - 1 : -1 - random.nextInt(1 << 30);
            sim.at(t, write ? "write" : "read", () -> operate(write, key, pick));
        }
        sim.at(setup.migrate() ? START : end + 1, "reshard", () -> {
            sim.during("the migration", "started");
            resharder.reshard(after);
        });
        sim.every(Time.ms(10), "done?", () -> {
            if (doneAt < 0 && sim.now() > START && resharder.done()) {
                doneAt = sim.now();
            }
        });
        long deadline = START + Time.seconds(setup.boundSeconds());
        sim.runUntil(() -> doneAt >= 0, deadline);
        if (doneAt >= 0) {
            sim.runFor(Time.seconds(1));
        } else {
            sim.runFor(end - sim.now());
        }
        stopped = sim.now();
        finalReads();
    }

    LiveMigration(BiFunction<ShardCluster, List<Shard>, Resharder> make, long seed) {
        this(make, random(seed));
    }

    private void operate(boolean write, String newKey, int pick) {
        if (sim.now() >= stopped) {
            return;
        }
        String key = newKey;
        if (key == null) {
            if (keys.isEmpty()) {
                return;
            }
            key = keys.get(pick >= 0 ? pick : (-1 - pick) % keys.size());
        } else {
            keys.add(key);
            bytes.put(key, setup.minBytes());
        }
        String k = key;
        long issuedAt = sim.now();
        issued++;
        if (write && !writing.getOrDefault(k, false)) {
            long value = nextValue++;
            writing.put(k, true);
            boolean[] once = {false};
            sim.during("write " + k + " = " + value, "was issued");
            resharder.write(k, value, bytes.get(k), () -> {
                if (once[0]) {
                    fail(String.format(Locale.ROOT, "the write of %s = %d was acknowledged twice (at t=%.3f s)", k,
                            value, Time.toSeconds(sim.now())));
                    return;
                }
                once[0] = true;
                answered++;
                writing.put(k, false);
                record(issuedAt);
                long[] last = acked.get(k);
                if (last == null || value > last[0]) {
                    acked.put(k, new long[] {value, sim.now()});
                }
            });
            return;
        }
        long[] floorWrite = acked.get(k);
        long[] floorRead = readBest.get(k);
        long wanted = Math.max(floorWrite == null ? 0 : floorWrite[0], floorRead == null ? 0 : floorRead[0]);
        long wantedWrite = floorWrite == null ? 0 : floorWrite[0];
        long wantedWriteAt = floorWrite == null ? 0 : floorWrite[1];
        boolean[] once = {false};
        sim.during("read " + k, "was issued");
        resharder.read(k, value -> {
            if (once[0]) {
                return;
            }
            once[0] = true;
            answered++;
            record(issuedAt);
            String where = lastServed != null && k.equals(lastServed.key()) ? " (served by " + lastServed.shard() + ")" : "";
            if (wanted > 0 && (value == null || value < wanted)) {
                String seen = value == null ? "nothing (the key was not there)" : "value " + value;
                if (value == null || value < wantedWrite) {
                    fail(String.format(Locale.ROOT,
                            "key \"%s\": the write of value %d was acknowledged at t=%.3f s, but a read issued at t=%.3f s "
                                    + "returned %s%s: an acknowledged write was lost%s",
                            k, wantedWrite, Time.toSeconds(wantedWriteAt), Time.toSeconds(issuedAt), seen, where,
                            lostWhy(issuedAt)));
                } else {
                    fail(String.format(Locale.ROOT,
                            "key \"%s\": a read before t=%.3f s returned value %d, and a read issued at t=%.3f s returned "
                                    + "%s%s: reads went backwards. After a key is cut over, read it on its new shard only; "
                                    + "before, on its old one only",
                            k, Time.toSeconds(issuedAt), wanted, Time.toSeconds(issuedAt), seen, where));
                }
            }
            if (value != null) {
                long[] best = readBest.get(k);
                if (best == null || value > best[0]) {
                    readBest.put(k, new long[] {value, sim.now()});
                }
            }
        });
    }

    private String lostWhy(long at) {
        if (at < START) {
            return ". This is before the migration started: route every key with a HashRing(160) over the shards you "
                    + "were given, the same ring the keys were loaded with";
        }
        return ". A copy holds the values its read found on the old shard; a write that reached the old shard after "
                + "that read is not in it, and one made on the new shard before the copy lands is overwritten by it. "
                + "Cut a key over only once a copy taken after its last write has landed (track the keys written during "
                + "the migration and copy them again), and never copy a key that is already served by its new shard";
    }

    private void record(long issuedAt) {
        long latency = sim.now() - issuedAt;
        int second = (int) (issuedAt / Time.seconds(1));
        while (perSecond.size() <= second) {
            perSecond.add(new Latencies());
        }
        perSecond.get(second).record(latency);
        if (issuedAt >= Time.ms(300) && issuedAt < START) {
            baseline.record(latency);
        }
    }

    private void fail(String message) {
        if (violation == null) {
            violation = message;
        }
    }

    /** Every key read once more, alone: it must be the last acknowledged value, on its new shard. */
    private void finalReads() {
        sim.runFor(Time.seconds(1));
        List<String> all = new ArrayList<>(keys);
        int[] missing = {0};
        String[] firstMissing = {null};
        sim.after(0, "final reads", () -> {
            for (String key : all) {
                long want = acked.get(key) == null ? 0 : acked.get(key)[0];
                if (want == 0) {
                    continue;
                }
                missing[0]++;
                if (firstMissing[0] == null) {
                    firstMissing[0] = key;
                }
                Shard target = targetRing.shardFor(key, after);
                boolean[] once = {false};
                resharder.read(key, value -> {
                    if (once[0]) {
                        return;
                    }
                    once[0] = true;
                    missing[0]--;
                    Shard servedBy = lastServed != null && key.equals(lastServed.key()) ? lastServed.shard() : null;
                    if (value == null || value != want) {
                        fail(String.format(Locale.ROOT,
                                "key \"%s\": after the run its last acknowledged write was value %d (at t=%.3f s), but "
                                        + "the final read returned %s: an acknowledged write was lost%s",
                                key, want, Time.toSeconds(acked.get(key)[1]), value == null ? "nothing" : "value " + value,
                                lostWhy(acked.get(key)[1])));
                    } else if (doneAt >= 0 && servedBy != null && !servedBy.equals(target)) {
                        fail(String.format(Locale.ROOT,
                                "key \"%s\" belongs on %s in the new placement (HashRing(160) over %s), but after done() "
                                        + "the final read of it was served by %s: a finished migration serves every key "
                                        + "from its new shard",
                                key, target, after, servedBy));
                    }
                });
            }
        });
        sim.runFor(Time.seconds(10));
        if (missing[0] > 0) {
            fail(String.format(Locale.ROOT, "%,d final reads were never answered (the first: key \"%s\")", missing[0],
                    firstMissing[0]));
        }
        if (answered < issued) {
            fail(String.format(Locale.ROOT, "%,d of %,d reads and writes were never answered", issued - answered, issued));
        }
    }

    private List<Band> bands() {
        long stop = doneAt >= 0 ? doneAt : stopped;
        return List.of(new Band(Time.toSeconds(START), Time.toSeconds(stop), doneAt >= 0 ? "migration" : "migration (never done)"));
    }

    long baselineP99() {
        return baseline.percentile(99);
    }

    private TimeSeriesChart latencyFigure() {
        List<Double> xs = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> limit = new ArrayList<>();
        double base = Time.toSeconds(baselineP99()) * 1000;
        for (int s = 0; s < perSecond.size(); s++) {
            if (perSecond.get(s).count() == 0) {
                continue;
            }
            xs.add(s + 0.5);
            p99.add(Time.toSeconds(perSecond.get(s).percentile(99)) * 1000);
            limit.add(P99_FACTOR * base);
        }
        return new TimeSeriesChart(String.format(Locale.ROOT, "p99 of reads and writes per second, ms (seed %d)", seed),
                "p99 latency (ms)", List.of(new TimeSeriesChart.Series("p99 in the second", xs, p99),
                        new TimeSeriesChart.Series(String.format(Locale.ROOT, "limit: %.0f× the p99 before (%.2f ms)",
                                P99_FACTOR, base), xs, limit)), bands());
    }

    void showFigures() {
        if (attached) {
            return;
        }
        attached = true;
        Figures.attach(latencyFigure(), cluster.copyFigure(String.format(Locale.ROOT,
                "Keys copied: %,d keys, %.1f MB in %,d copies (seed %d)", cluster.copiedKeys(),
                cluster.copiedBytes() / 1e6, cluster.copies(), seed), (int) (stopped / Time.seconds(1)) + 1, bands()));
    }

    private AssertionError failure(String message) {
        showFigures();
        return new AssertionError(String.format(Locale.ROOT, "seed %d (%s): %s", seed, setup.describe(), message));
    }

    /** No acknowledged write was lost or overwritten, no read went backwards, everything was answered. */
    void assertNoLostWrites() {
        if (violation != null) {
            throw failure(violation);
        }
    }

    /** done() became true within the bound, and only then. */
    void assertDoneInTime() {
        if (doneAt < 0 || doneAt > START + Time.seconds(setup.boundSeconds())) {
            throw failure(String.format(Locale.ROOT,
                    "the migration started at t=%.0f s and must be done within %.0f s, but done() %s. %,d keys had to "
                            + "move; copy them in small batches, one after another, and cut each key over when its copy "
                            + "is current",
                    Time.toSeconds(START), setup.boundSeconds(),
                    doneAt < 0 ? "never returned true" : String.format(Locale.ROOT, "first returned true at t=%.2f s",
                            Time.toSeconds(doneAt)), movingKeys()));
        }
    }

    private int movingKeys() {
        HashRing a = new HashRing(160);
        int moving = 0;
        for (String key : keys) {
            moving += a.shardFor(key, before).equals(targetRing.shardFor(key, after)) ? 0 : 1;
        }
        return moving;
    }

    /** Every second from the start of the migration to its end had a p99 at most 3x the p99 before. */
    void assertP99Bounded() {
        long base = baselineP99();
        long stop = doneAt >= 0 ? doneAt : end;
        for (int s = (int) (START / Time.seconds(1)); s <= stop / Time.seconds(1) && s < perSecond.size(); s++) {
            long p99 = perSecond.get(s).percentile(99);
            if (p99 > P99_FACTOR * base) {
                throw failure(String.format(Locale.ROOT,
                        "in second %d to %d the p99 of reads and writes was %.2f ms, over %.0f× the %.2f ms before the "
                                + "migration (%.2f ms). A shard serves one operation at a time, so a copy of many keys "
                                + "makes every read and write behind it wait for all of its bytes; %s",
                        s, s + 1, p99 / 1e6, P99_FACTOR, base / 1e6, P99_FACTOR * base / 1e6,
                        cluster.copies() <= 2L * after.size() * after.size()
                                ? "copying everything in a few big batches stalls the shards. Copy a few keys at a "
                                        + "time, on a timer (cluster.after), so the copy takes a small share of each "
                                        + "shard's time"
                                : "copy smaller batches, or leave more time between them (check cluster.pending(shard))"));
            }
        }
    }
}
