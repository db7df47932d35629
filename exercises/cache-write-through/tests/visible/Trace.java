import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One trace of reads and writes through a cache layer, in phases:
 * <ul>
 *   <li>EDITS: users save an item and, once it is saved, look at it again one or two times a few
 *       milliseconds later; the rest of the traffic reads a hot set of items;</li>
 *   <li>IMPORT: a bulk import writes items nobody reads for now, while readers keep reading the hot
 *       set;</li>
 *   <li>CONTENTION: a few items written and read by everyone at once.</li>
 * </ul>
 * Every phase also updates hot items now and then (the import more often: it corrects prices),
 * and during the import readers sometimes open an item just as the import corrects it. Item keys look alike in every phase. Every
 * written value is unique, so the database's change stream says which version a value is; a
 * read is stale if it returns a value older than a write acknowledged before the read began.
 */
final class Trace {
    enum Phase {
        EDITS("edit, then read it back"), IMPORT("bulk import"), CONTENTION("many writers on few keys");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    /** What the trace drives: the learner's WriteCache, or one of the tests' naive baselines. */
    interface Layer {
        void read(String key, Consumer<String> answer);

        void write(String key, String value, Consumer<Boolean> done);
    }

    static final long BIN = Time.ms(100);

    final long seed;
    final List<Phase> phases;
    final List<Long> phaseEnds = new ArrayList<>();
    final int capacity;
    final int hotKeys;
    final double opsPerSecond;
    final double writeShare;
    final long dbWriteMax;
    final long cacheMean;
    long outageFrom = -1;
    long outageTo = -1;

    Trace(long seed, List<Phase> phases, long phaseLength) {
        this.seed = seed;
        this.phases = List.copyOf(phases);
        Random p = new Random(seed * 7_919 + 3);
        capacity = 150 + p.nextInt(150);
        hotKeys = capacity * 17 / 20;
        writeShare = 0.35 + p.nextDouble() * 0.2;
        opsPerSecond = Math.round(capacity * (3 + p.nextDouble()) / writeShare);   // writes replace the cache 3 to 4 times a second
        dbWriteMax = Time.ms(3 + p.nextInt(8));
        cacheMean = Time.ms(0.3 + p.nextDouble() * 0.7);
        long end = 0;
        for (int i = 0; i < phases.size(); i++) {
            end += phaseLength;
            phaseEnds.add(end);
        }
    }

    Trace outage(long from, long to) {
        outageFrom = from;
        outageTo = to;
        return this;
    }

    String describe() {
        StringBuilder sb = new StringBuilder("seed ").append(seed).append(": ");
        for (int i = 0; i < phases.size(); i++) {
            sb.append(i == 0 ? "" : ", then ").append(phases.get(i).label);
        }
        sb.append(String.format(Locale.ROOT, "; %,.0f operations/s, %.0f%% of them writes; a cache of %d entries, %d hot items;"
                        + " database writes take 0.5 to %.0f ms, cache calls %.2f ms on average (some much longer)",
                opsPerSecond, writeShare * 100, capacity, hotKeys, Time.toMillis(dbWriteMax), Time.toMillis(cacheMean)));
        if (outageFrom >= 0) {
            sb.append(String.format(Locale.ROOT, "; the database is down from t=%s to t=%s", Time.format(outageFrom), Time.format(outageTo)));
        }
        return sb.toString();
    }

    Phase phaseAt(long t) {
        for (int i = 0; i < phases.size(); i++) {
            if (t < phaseEnds.get(i)) {
                return phases.get(i);
            }
        }
        return phases.get(phases.size() - 1);
    }

    long end() {
        return phaseEnds.get(phaseEnds.size() - 1);
    }

    // ------------------------------------------------------------------ one run

    /** The outcome of driving one layer through the trace. */
    final class Run {
        final String name;
        final Sim sim = new Sim(seed);
        final Datastore<String> db;
        final Cache<String, Entry> cache;
        final Map<String, Long> versionOf = new HashMap<>();
        final Map<String, String> keyOf = new HashMap<>();
        final Map<String, Long> acked = new HashMap<>();
        final int bins = (int) (end() / BIN) + 1;
        final long[] reads = new long[bins];
        final long[] dbReads = new long[bins];
        final long[] staleIn = new long[bins];
        long stale;
        long writes;
        long failedWrites;
        long unanswered;
        String firstStale;
        String firstProblem;
        String staleEntry;

        Run(String name, BiFunction<Cache<String, Entry>, Datastore<String>, Layer> make) {
            this.name = name;
            db = new Datastore<String>(sim, "db")
                    .readLatency(Distribution.uniform(Time.ms(1), Time.ms(3)))
                    .writeLatency(Distribution.uniform(Time.ms(0.5), dbWriteMax));
            cache = new Cache<String, Entry>(sim, "cache")
                    .capacity(capacity)
                    .latency(Distribution.exponential(cacheMean));
            db.onCommit(rows -> rows.forEach(r -> versionOf.put(r.value(), r.version())));
            if (outageFrom >= 0) {
                db.crashAt(outageFrom);
                db.restartAt(outageTo);
            }
            Layer layer = make.apply(cache, db);
            drive(layer);
        }

        private void drive(Layer layer) {
            Random keysFrom = new Random(seed * 31 + 17);
            Set<String> used = new HashSet<>();
            List<String> hot = new ArrayList<>();
            while (hot.size() < hotKeys) {
                String key = fresh(keysFrom, used);
                hot.add(key);
                String value = "v" + versionOf.size();
                Row<String> row = db.load(key, value);
                versionOf.put(value, row.version());
                keyOf.put(value, key);
            }
            List<String> contended = hot.subList(0, 4 + keysFrom.nextInt(5));
            Zipf popularity = new Zipf(hotKeys, 0.6);
            RandomStream arrivals = sim.random("arrivals");
            RandomStream choice = sim.random("choice");
            RandomStream rank = sim.random("rank");
            double meanGap = 1e9 / opsPerSecond;
            int[] counter = {0};
            List<String> imported = new ArrayList<>();
            sim.at(0, "operation", new Runnable() {
                @Override
                public void run() {
                    long now = sim.now();
                    if (now >= end()) {
                        return;
                    }
                    Phase phase = phaseAt(now);
                    double u = choice.nextDouble();
                    if (phase == Phase.CONTENTION) {
                        String key = contended.get(choice.nextInt(contended.size()));
                        if (u < 0.3) {
                            write(layer, key, counter, false, choice);
                        } else {
                            read(layer, key);
                        }
                    } else if (phase == Phase.IMPORT && u < 0.03 && imported.size() > 100) {
                        // a reader opens an imported item just as the import corrects it, and looks again later
                        String key = imported.get(choice.nextInt(imported.size()));
                        read(layer, key);
                        sim.after(Time.ms(0.5 * choice.nextDouble()), "correction", () -> write(layer, key, counter, false, choice));
                        sim.after(Time.ms(30), "read again", () -> read(layer, key));
                    } else if (u < (phase == Phase.IMPORT ? 0.05 : 0.02)) {
                        write(layer, hot.get(popularity.rank(rank) - 1), counter, false, choice);
                    } else if (u < (phase == Phase.IMPORT ? 0.05 : 0.02) + writeShare) {
                        String key = fresh(keysFrom, used);
                        if (phase == Phase.IMPORT) {
                            imported.add(key);
                        }
                        write(layer, key, counter, phase == Phase.EDITS, choice);
                    } else {
                        read(layer, hot.get(popularity.rank(rank) - 1));
                    }
                    sim.after(Math.max(1, (long) (-Math.log(1 - arrivals.nextDouble()) * meanGap)), "operation", this);
                }
            });
            sim.every(BIN, "count", () -> {
                int bin = (int) ((sim.now() - 1) / BIN);
                if (bin >= 0 && bin < bins) {
                    dbReads[bin] = db.count("read") + db.count("read for update");
                }
            });
            sim.runFor(end() + Time.seconds(1));
            for (int i = bins - 1; i > 0; i--) {
                dbReads[i] -= dbReads[i - 1];
            }
            checkEntries();
        }

        private String fresh(Random keysFrom, Set<String> used) {
            while (true) {
                String key = "item:" + (10_000 + keysFrom.nextInt(90_000));
                if (used.add(key)) {
                    return key;
                }
            }
        }

        private void write(Layer layer, String key, int[] counter, boolean readBack, RandomStream choice) {
            String value = "v" + (1_000_000 + counter[0]++);
            keyOf.put(value, key);
            writes++;
            boolean[] answered = {false};
            unanswered++;
            layer.write(key, value, ok -> {
                if (answered[0]) {
                    problem(String.format(Locale.ROOT, "write(\"%s\", \"%s\") called done twice", key, value));
                    return;
                }
                answered[0] = true;
                unanswered--;
                if (!ok) {
                    failedWrites++;
                    return;
                }
                Long version = versionOf.get(value);
                if (version == null) {
                    problem(String.format(Locale.ROOT, "write(\"%s\", \"%s\") called done(true) at t=%s, but the database never"
                            + " committed it: acknowledge a write only when the database's reply is ok", key, value, Time.format(sim.now())));
                    return;
                }
                acked.merge(key, version, Math::max);
                if (readBack) {
                    int times = 1 + choice.nextInt(2);
                    for (int i = 0; i < times; i++) {
                        sim.after(Time.ms(1 + choice.nextInt(20)), "read back", () -> read(layer, key));
                    }
                }
            });
        }

        private void read(Layer layer, String key) {
            long start = sim.now();
            int bin = (int) Math.min(bins - 1, start / BIN);
            if (start < end()) {
                reads[bin]++;
            }
            long floor = acked.getOrDefault(key, 0L);
            boolean[] answered = {false};
            unanswered++;
            layer.read(key, value -> {
                if (answered[0]) {
                    problem(String.format(Locale.ROOT, "read(\"%s\") answered twice", key));
                    return;
                }
                answered[0] = true;
                unanswered--;
                if (value == null && !db.isUp()) {
                    return;                                   // a miss while the database is down
                }
                Long version = value == null ? null : versionOf.get(value);
                if (value != null && (version == null || !key.equals(keyOf.get(value)))) {
                    staleRead(bin, String.format(Locale.ROOT, "read(\"%s\") at t=%s returned \"%s\", a value the database did not"
                            + " hold for that key (not committed yet, or never)", key, Time.format(start), value));
                } else if (floor > 0 && (version == null || version < floor)) {
                    staleRead(bin, String.format(Locale.ROOT, "read(\"%s\") began at t=%s, after a write of version %d had been"
                                    + " acknowledged, and returned %s", key, Time.format(start), floor,
                            value == null ? "nothing" : "\"" + value + "\" (version " + version + ")"));
                }
            });
        }

        private void staleRead(int bin, String what) {
            stale++;
            staleIn[bin]++;
            if (firstStale == null) {
                firstStale = what;
            }
        }

        private void problem(String what) {
            if (firstProblem == null) {
                firstProblem = what;
            }
        }

        private void checkEntries() {
            for (String key : cache.keys()) {
                Entry entry = cache.peek(key);
                Row<String> row = db.peek(key);
                if (entry != null && entry.hasValue() && (row == null || !entry.value().equals(row.value()))) {
                    staleEntry = String.format(Locale.ROOT, "when the traffic had stopped, the cache held \"%s\" for %s while the"
                            + " database held %s", entry.value(), key, row == null || row.value() == null ? "nothing" : "\"" + row.value() + "\"");
                    return;
                }
            }
        }

        /** 1 - database reads / reads, over the bins from {@code from} to {@code to}. */
        double hitRatio(long from, long to) {
            long r = 0;
            long d = 0;
            for (int b = (int) (from / BIN); b < Math.min(bins, to / BIN); b++) {
                r += reads[b];
                d += dbReads[b];
            }
            return r == 0 ? 0 : 1 - (double) d / r;
        }
    }

    Run run(String name, BiFunction<Cache<String, Entry>, Datastore<String>, Layer> make) {
        return new Run(name, make);
    }

    Run runLearner() {
        return run("your WriteCache", (cache, db) -> {
            WriteCache layer = new WriteCache(cache, db);
            return new Layer() {
                @Override
                public void read(String key, Consumer<String> answer) {
                    layer.read(key, answer);
                }

                @Override
                public void write(String key, String value, Consumer<Boolean> done) {
                    layer.write(key, value, done);
                }
            };
        });
    }

    // ------------------------------------------------------------------ checks

    static void assertSafe(Trace trace, Run run) {
        if (run.firstProblem != null) {
            throw new AssertionError(run.firstProblem + " (" + trace.describe() + ")");
        }
        if (run.unanswered > 0) {
            throw new AssertionError(String.format(Locale.ROOT, "%d reads or writes were never answered (%s): call answer"
                    + " and done exactly once, also when the database or the cache fails", run.unanswered, trace.describe()));
        }
        if (run.stale > 0) {
            throw new AssertionError(String.format(Locale.ROOT, "%d stale read%s (%s). The first: %s. %s", run.stale, run.stale == 1 ? "" : "s",
                    trace.describe(), run.firstStale, lesson(run.firstStale)));
        }
        if (run.staleEntry != null) {
            throw new AssertionError(run.staleEntry + " (" + trace.describe() + "). " + lesson("stale entry"));
        }
    }

    static String lesson(String what) {
        if (what.contains("did not hold")) {
            return "The cache handed out a value the database never committed: a write put it in the cache before (or"
                    + " without) the database saying ok. Write the database first; touch the cache only when its reply"
                    + " is ok (a failed write wrote nothing, so the cached value is still right).";
        }
        return "Calls land in their own time: two writers' cache sets can arrive in the opposite order of their"
                + " database commits, a reader's fill of an old row can arrive after a writer's set or delete, and a"
                + " write acknowledged before its cache update lands lets the next read hit the old value. Keep the"
                + " row's version with the value (the write's reply carries it) and change the cache only with"
                + " cache.update, never letting an older version replace a newer one; acknowledge after the cache"
                + " update has answered; and on a miss leave a placeholder, so a write-around that lands while the"
                + " reader is at the database can leave a tombstone instead of nothing.";
    }

    void assertHitRatio(Run run, int phase, double min, String why) {
        long start = phase == 0 ? 0 : phaseEnds.get(phase - 1);
        long from = start + (phaseEnds.get(phase) - start) / 2;
        double got = run.hitRatio(from, phaseEnds.get(phase));
        if (got < min) {
            throw new AssertionError(String.format(Locale.ROOT, "in the %s phase (from t=%s), the hit ratio was %.3f; at least"
                            + " %.2f is needed (%s). %s", phases.get(phase).label, Time.format(from), got, min, describe(), why));
        }
        System.out.printf(Locale.ROOT, "%s phase: hit ratio %.3f (at least %.2f)%n", phases.get(phase).label, got, min);
    }

    /** Runs the learner and both naive strategies on this trace, attaches the figures, and checks every phase. */
    Run assertAdapts() {
        Run learner = runLearner();
        Run through = run("write-through alone", (cache, db) -> new NaiveThrough(cache, db));
        Run around = run("write-around alone", (cache, db) -> new NaiveAround(cache, db));
        attachFigures(learner, through, around);
        assertSafe(this, learner);
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i) == Phase.EDITS) {
                assertNearBest(learner, through, i, "write-through", EDITS_WHY);
            } else if (phases.get(i) == Phase.IMPORT) {
                assertNearBest(learner, around, i, "write-around", IMPORT_WHY);
            }
        }
        return learner;
    }

    static final double TOLERANCE = 0.10;

    private void assertNearBest(Run learner, Run best, int phase, String strategy, String why) {
        long start = phase == 0 ? 0 : phaseEnds.get(phase - 1);
        long from = start + (phaseEnds.get(phase) - start) / 2;
        double got = learner.hitRatio(from, phaseEnds.get(phase));
        double target = best.hitRatio(from, phaseEnds.get(phase));
        System.out.printf(Locale.ROOT, "%s phase: hit ratio %.3f; %s alone %.3f%n", phases.get(phase).label, got, strategy, target);
        if (got < target - TOLERANCE) {
            throw new AssertionError(String.format(Locale.ROOT, "in the %s phase (t=%s to %s), your hit ratio was %.3f; %s"
                            + " alone gets %.3f on the same trace, and you need at least %.3f (%s). %s",
                    phases.get(phase).label, Time.format(from), Time.format(phaseEnds.get(phase)), got, strategy, target,
                    target - TOLERANCE, describe(), why));
        }
    }

    static final String CACHE_WHY = "Every read here is of a handful of keys that are read again and again: they"
            + " belong in the cache. A cache that is never filled (or always emptied) has no stale reads, and saves nothing.";
    static final String EDITS_WHY = "Here nearly every written item is read back a few milliseconds after it was saved:"
            + " with write-around each of those reads misses. Measure whether written keys are read back soon (of"
            + " your last few hundred writes, what share was read), and write through while that share is high.";
    static final String IMPORT_WHY = "Here the writes are a bulk import nobody reads: writing them through fills the"
            + " cache with them and pushes the hot items out, so readers miss. Write around while what you write is"
            + " not read back, and do not leave entries (or tombstones) for keys that were not cached.";

    // ------------------------------------------------------------------ figures

    /** Hit ratio per 100 ms for the learner and the two naive baselines, and their stale reads. */
    void attachFigures(Run learner, Run through, Run around) {
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        for (Run r : List.of(learner, through, around)) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int b = 0; b < r.bins - 1; b++) {
                if (r.reads[b] > 0) {
                    xs.add((b + 1) * Time.toSeconds(BIN));
                    ys.add(Math.max(0, 1 - (double) r.dbReads[b] / r.reads[b]));
                }
            }
            series.add(new TimeSeriesChart.Series(r.name, xs, ys));
        }
        List<Band> bands = new ArrayList<>();
        long start = 0;
        for (int i = 0; i < phases.size(); i++) {
            bands.add(new Band(Time.toSeconds(start), Time.toSeconds(phaseEnds.get(i)), phases.get(i).label));
            start = phaseEnds.get(i);
        }
        if (outageFrom >= 0) {
            bands.add(new Band(Time.toSeconds(outageFrom), Time.toSeconds(outageTo), "database down"));
        }
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT, "Hit ratio per 100 ms, yours and both strategies"
                + " alone (seed %d, cache of %d)", seed, capacity), "hit ratio", series, bands),
                new BarChart("bar", String.format(Locale.ROOT, "Stale reads on the same trace (seed %d)", seed), "cache layer",
                        "stale reads", List.of(learner.name, through.name, around.name),
                        List.of((double) learner.stale, (double) through.stale, (double) around.stale)));
    }

    /** Database, then a plain put of the row: right hit ratio, wrong under concurrency. */
    static final class NaiveThrough implements Layer {
        final Cache<String, Entry> cache;
        final Datastore<String> db;

        NaiveThrough(Cache<String, Entry> cache, Datastore<String> db) {
            this.cache = cache;
            this.db = db;
        }

        @Override
        public void read(String key, Consumer<String> answer) {
            cache.get(key, c -> {
                if (c.isOk() && c.value() != null && c.value().hasValue()) {
                    answer.accept(c.value().value());
                } else {
                    db.read(key, row -> {
                        if (row.isOk()) {
                            cache.put(key, Entry.of(row.value()), null);
                        }
                        answer.accept(row.isOk() ? row.value().value() : null);
                    });
                }
            });
        }

        @Override
        public void write(String key, String value, Consumer<Boolean> done) {
            db.write(key, value, w -> {
                if (w.isOk()) {
                    cache.put(key, Entry.of(w.value()), null);
                }
                done.accept(w.isOk());
            });
        }
    }

    /** Database, then a delete: the same reads. */
    static final class NaiveAround implements Layer {
        final NaiveThrough reads;

        NaiveAround(Cache<String, Entry> cache, Datastore<String> db) {
            reads = new NaiveThrough(cache, db);
        }

        @Override
        public void read(String key, Consumer<String> answer) {
            reads.read(key, answer);
        }

        @Override
        public void write(String key, String value, Consumer<Boolean> done) {
            reads.db.write(key, value, w -> {
                if (w.isOk()) {
                    reads.cache.delete(key, null);
                }
                done.accept(w.isOk());
            });
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
