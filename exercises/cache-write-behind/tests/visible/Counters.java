import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Page-view counters written through one application server's WriteBehindCache. Each put sets a
 * key to its next count (1, 2, 3, ...), so a count in the database says exactly which puts it
 * holds. The timer flushes every window. The run ends with a graceful stop, or with the
 * application server crashing (its process is killed: writes it already sent still land, nothing
 * it does afterwards reaches the database).
 */
final class Counters {
    static final String APP = "app-server";

    final long seed;
    final String description;
    final Sim sim;
    final Datastore<Long> db;
    final long window;
    final int keys;
    final double putsPerSecond;
    final WriteBehindCache cache;
    final Map<String, Long> counts = new HashMap<>();
    final List<long[]> putsLog = new ArrayList<>();           // [at, key index, count]
    final List<Long> ticks = new ArrayList<>();
    final List<long[]> dbWritesAt = new ArrayList<>();        // [at, cumulative writes]
    long puts;
    long until;
    long crashAt = -1;
    long outageFrom = -1;
    long outageTo = -1;
    long stoppedAt = -1;
    int stopAnswers;
    long writesAtStop = -1;
    String readProblem;
    String lagProblem;
    private Map<String, Long> atPreviousTick = Map.of();
    private final Random params;

    Counters(long seed, String description) {
        this.seed = seed;
        this.description = description;
        this.params = new Random(seed * 31 + 5);
        this.sim = new Sim(seed);
        this.window = Time.ms(80 + params.nextInt(120));
        this.keys = 50 + params.nextInt(250);
        this.putsPerSecond = 1_000 + params.nextInt(3_000);
        this.db = new Datastore<Long>(sim, "db")
                .writeLatency(Distribution.uniform(Time.ms(1), Time.ms(1 + params.nextInt(8))));
        this.cache = new WriteBehindCache(db);
    }

    static String key(int index) {
        return "views:" + (100 + index);
    }

    Counters outage(long from, long to) {
        outageFrom = from;
        outageTo = to;
        db.crashAt(from);
        db.restartAt(to);
        return this;
    }

    Counters crashAt(long at) {
        crashAt = at;
        return this;
    }

    /** Puts for {@code duration}, flushing every window; then a graceful stop, unless it crashed first. */
    Counters run(long duration) {
        until = duration;
        Zipf popularity = new Zipf(keys, 0.8 + params.nextDouble() * 0.4);
        RandomStream which = sim.random("keys");
        RandomStream arrivals = sim.random("arrivals");
        RandomStream reads = sim.random("reads");
        double meanGap = 1e9 / putsPerSecond;
        sim.at(0, "put", new Runnable() {
            @Override
            public void run() {
                if (sim.now() >= until || dead()) {
                    return;
                }
                int k = popularity.rank(which) - 1;
                String key = key(k);
                long count = counts.merge(key, 1L, Long::sum);
                puts++;
                putsLog.add(new long[] {sim.now(), k, count});
                sim.runAs(APP, () -> cache.put(key, count));
                if (reads.chance(0.1) && readProblem == null) {
                    String other = key(popularity.rank(which) - 1);
                    Long expected = counts.get(other);
                    Long[] got = new Long[1];
                    sim.runAs(APP, () -> got[0] = cache.get(other));
                    if (!java.util.Objects.equals(expected, got[0])) {
                        readProblem = String.format(Locale.ROOT, "get(\"%s\") at t=%s returned %s, but the last put set it to %s",
                                other, Time.format(sim.now()), got[0], expected);
                    }
                }
                sim.after(Math.max(1, (long) (-Math.log(1 - arrivals.nextDouble()) * meanGap)), "put", this);
            }
        });
        sim.every(window, "flush", () -> {
            if (sim.now() > until || dead()) {
                return;
            }
            checkLag();
            ticks.add(sim.now());
            atPreviousTick = new HashMap<>(counts);
            sim.runAs(APP, cache::flush);
        });
        sim.every(Time.ms(10), "count", () -> dbWritesAt.add(new long[] {sim.now(), db.count("write")}));
        if (crashAt >= 0) {
            sim.at(crashAt, "crash", () -> sim.kill(APP));
        } else {
            sim.at(until + 1, "stop", () -> {
                writesAtStop = -1;
                sim.runAs(APP, () -> cache.stop(() -> {
                    stopAnswers++;
                    if (stoppedAt < 0) {
                        stoppedAt = sim.now();
                        writesAtStop = db.count("write");
                    }
                }));
            });
        }
        sim.runFor(until + Time.seconds(2));
        return this;
    }

    /** At each flush: everything put before the previous flush must be in the database by now. */
    private void checkLag() {
        if (lagProblem != null || ticks.isEmpty()) {
            return;
        }
        long previous = ticks.get(ticks.size() - 1);
        if (outageFrom >= 0 && outageFrom <= sim.now() && outageTo + window >= previous - window) {
            return;                                   // writes failed while it was down: retried at a later flush
        }
        for (Map.Entry<String, Long> e : atPreviousTick.entrySet()) {
            if (inDb(e.getKey()) < e.getValue()) {
                lagProblem = String.format(Locale.ROOT,
                        "at the flush of t=%s the database held %s = %d, but it was %d already at the flush of t=%s",
                        Time.format(sim.now()), e.getKey(), inDb(e.getKey()), e.getValue(), Time.format(previous));
                return;
            }
        }
    }

    /** The database is never more than one window behind (outside outages). */
    void assertKeepsUp() {
        if (lagProblem != null) {
            throw new AssertionError(lagProblem + " " + where() + ". Write-behind may keep a write in memory for one"
                    + " window, not longer: every flush writes every dirty key, so the database is at most one"
                    + " window behind and a crash loses at most the current window.");
        }
    }

    private boolean dead() {
        return crashAt >= 0 && sim.now() >= crashAt;
    }

    private String where() {
        return String.format(Locale.ROOT, "(%s, seed %d: %d keys, %,.0f puts/s, flush every %.0f ms)",
                description, seed, keys, putsPerSecond, Time.toMillis(window));
    }

    private long inDb(String key) {
        Row<Long> row = db.peek(key);
        return row == null || row.value() == null ? 0 : row.value();
    }

    // ------------------------------------------------------------------ checks

    void assertReadsOwnWrites() {
        if (readProblem != null) {
            throw new AssertionError(readProblem + " " + where() + ": the application reads its own writes from the cache,"
                    + " before they are flushed");
        }
    }

    void assertCoalesces(double maxRatio) {
        assertKeepsUp();
        long writes = db.count("write");
        if (writes > maxRatio * puts) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%,d database writes for %,d application writes (%.2f per put; at most %.2f) %s. Write-behind"
                            + " writes each dirty key once per flush, with its latest value: the puts to a popular"
                            + " key during a window become one database write, and a put is acknowledged from"
                            + " memory, without a database write of its own.",
                    writes, puts, (double) writes / puts, maxRatio, where()));
        }
    }

    void assertGracefulStopLosesNothing() {
        if (stopAnswers == 0) {
            throw new AssertionError("stop(done) never called done " + where()
                    + ": call it once the database has confirmed every write");
        }
        if (stopAnswers > 1) {
            throw new AssertionError("stop(done) called done " + stopAnswers + " times " + where());
        }
        int lost = 0;
        String first = null;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            long stored = inDb(e.getKey());
            if (stored != e.getValue()) {
                lost++;
                if (first == null) {
                    first = String.format(Locale.ROOT, "%s is %d in the database, but its last put set it to %d", e.getKey(), stored, e.getValue());
                }
            }
        }
        if (lost > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "after a graceful stop, %d of %d counters are not what was last put; %s %s. Stop must flush every"
                            + " dirty key, and a key may be forgotten only after the database confirmed the value"
                            + " that is still its latest: a failed write stays dirty, and a put that arrives while"
                            + " the key's write is in flight makes it dirty again.",
                    lost, counts.size(), first, where()));
        }
        if (db.count("write") != writesAtStop) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "stop called done at t=%s, but %d database writes came after it %s: done means the database holds everything",
                    Time.format(stoppedAt), db.count("write") - writesAtStop, where()));
        }
    }

    /** After a crash, only puts of the current window (since the last flush) may be missing. */
    void assertCrashLosesOnlyTheCurrentWindow() {
        long lastTick = ticks.stream().filter(t -> t <= crashAt).reduce((a, b) -> b).orElse(0L);
        Map<String, Long> dueAtTick = new HashMap<>();
        Map<String, Long> lastBeforeCrash = new HashMap<>();
        for (long[] p : putsLog) {
            if (p[0] < lastTick) {
                dueAtTick.put(key((int) p[1]), p[2]);
            }
            if (p[0] < crashAt) {
                lastBeforeCrash.put(key((int) p[1]), p[2]);
            }
        }
        long lostOld = 0;
        String first = null;
        for (Map.Entry<String, Long> e : dueAtTick.entrySet()) {
            long stored = inDb(e.getKey());
            if (stored < e.getValue()) {
                lostOld += e.getValue() - stored;
                if (first == null) {
                    first = String.format(Locale.ROOT, "%s is %d in the database, but it was %d before the flush at t=%s",
                            e.getKey(), stored, e.getValue(), Time.format(lastTick));
                }
            }
        }
        long lostWindow = 0;
        for (Map.Entry<String, Long> e : lastBeforeCrash.entrySet()) {
            lostWindow += Math.max(0, e.getValue() - Math.max(inDb(e.getKey()), dueAtTick.getOrDefault(e.getKey(), 0L)));
        }
        if (lostOld > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "the application server crashed at t=%s; %,d acknowledged puts made before the last flush (t=%s) never"
                            + " reached the database; %s %s. Only the current window may be lost: every flush must"
                            + " write every key that is dirty, not keep them for later or for stop().",
                    Time.format(crashAt), lostOld, Time.format(lastTick), first, where()));
        }
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (inDb(e.getKey()) > e.getValue()) {
                throw new AssertionError(e.getKey() + " is " + inDb(e.getKey()) + " in the database, more than was ever put " + where());
            }
        }
        System.out.printf(Locale.ROOT, "crash at %s: %d puts of the current window lost, none older%n", Time.format(crashAt), lostWindow);
    }

    // ------------------------------------------------------------------ figure

    void attachFigure() {
        long end = Math.min(until + Time.ms(300), until + Time.seconds(2));
        int bins = (int) (end / Time.ms(50)) + 1;
        double[] app = new double[bins];
        double[] dbw = new double[bins];
        for (long[] p : putsLog) {
            app[(int) (p[0] / Time.ms(50))]++;
        }
        long before = 0;
        for (long[] w : dbWritesAt) {
            int bin = (int) ((w[0] - 1) / Time.ms(50));
            if (bin >= 0 && bin < bins) {
                dbw[bin] += w[1] - before;
            }
            before = w[1];
        }
        List<Double> seconds = new ArrayList<>();
        List<Double> a = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            seconds.add(i * 0.05);
            a.add(app[i]);
            d.add(dbw[i]);
        }
        List<Band> bands = new ArrayList<>();
        if (outageFrom >= 0) {
            bands.add(new Band(Time.toSeconds(outageFrom), Time.toSeconds(outageTo), "database down"));
        }
        if (crashAt >= 0) {
            bands.add(new Band(Time.toSeconds(crashAt), Time.toSeconds(end), "application server crashed"));
        } else if (stoppedAt >= 0) {
            bands.add(new Band(Time.toSeconds(until), Time.toSeconds(Math.max(stoppedAt, until + Time.ms(5))), "graceful stop"));
        }
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "Application writes and database writes per 50 ms (%s, seed %d; %.2f database writes per put)",
                description, seed, puts == 0 ? 0 : (double) db.count("write") / puts), "writes per 50 ms", List.of(
                new TimeSeriesChart.Series("application writes (puts)", seconds, a),
                new TimeSeriesChart.Series("database writes", seconds, d)), bands));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %,d puts, %,d database writes (%.2f per put) %s", description, puts,
                db.count("write"), puts == 0 ? 0 : (double) db.count("write") / puts, where());
    }
}
