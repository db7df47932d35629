import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One application server's LoadingCache in front of a shared cache and a database, read by a
 * steady stream of callers. One key is hot: when its entry expires, about a thousand callers miss
 * it during the time one database load takes. The database's rows change now and then (an admin
 * edits a product), so an answer must be a value the row held at most a TTL before the request.
 *
 * <p>Every quarter of a millisecond the run looks at the cache and the database's read count,
 * so it can tell, for each expiry of the hot key (each stretch during which the cache does not
 * hold it), how many database loads started.
 */
final class Stampede {
    static final String HOT = "product:hot";

    /** One caller's request and what it got. */
    static final class Call {
        final String key;
        final long start;
        long end = -1;
        String value;
        int answers;

        Call(String key, long start) {
            this.key = key;
            this.start = start;
        }
    }

    /** A stretch of time during which the cache did not hold the hot key, and the loads that started in it. */
    record Expiry(long from, long to, long loads) {
    }

    final long seed;
    final String description;
    final Sim sim;
    final Cache<String, String> cache;
    final Datastore<String> db;
    final long ttl;
    final double dbLowMs;
    final double dbHighMs;
    final double cacheHighMs;
    final int warmKeys;
    final double hotShare;
    final double ratePerSecond;
    final List<Call> calls = new ArrayList<>();
    final Map<String, List<long[]>> changes = new HashMap<>();   // key -> [at, number]
    final List<Expiry> expiries = new ArrayList<>();
    final Map<String, Integer> windows = new HashMap<>();        // key -> stretches without a cached value
    final List<Long> readsAt = new ArrayList<>();                // loads per probe (hot-only runs: of the hot key)
    final List<Long> missesAt = new ArrayList<>();
    long outageFrom = -1;
    long outageTo = -1;
    long readsOutsideOutage;
    long until;
    private final LoadingCache loading;
    private final Random params;

    /**
     * @param seed the seed of the run and of its parameters
     * @param warmKeys keys besides the hot one (0: the hot key alone)
     * @param hotShare the share of requests for the hot key
     */
    Stampede(long seed, String description, int warmKeys, double hotShare) {
        this.seed = seed;
        this.description = description;
        this.params = new Random(seed * 7919 + 17);
        this.sim = new Sim(seed);
        this.ttl = Time.ms(250 + params.nextInt(250));
        this.dbLowMs = 30 + params.nextInt(15);
        this.dbHighMs = dbLowMs + 10 + params.nextInt(20);
        this.cacheHighMs = 0.4 + params.nextDouble() * 0.6;
        this.warmKeys = warmKeys;
        this.hotShare = hotShare;
        // about a thousand misses of the hot key during one load
        this.ratePerSecond = 1_000 / ((dbLowMs + dbHighMs) / 2 / 1_000) / hotShare * (0.9 + params.nextDouble() * 0.3);
        this.db = new Datastore<String>(sim, "db")
                .readLatency(Distribution.uniform(Time.ms(dbLowMs), Time.ms(dbHighMs)));
        this.cache = new Cache<String, String>(sim, "cache")
                .capacity(10_000)
                .latency(Distribution.uniform(Time.ms(0.2), Time.ms(cacheHighMs)));
        for (String key : keys()) {
            change(key);
        }
        this.loading = new LoadingCache(cache, db, ttl);
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add(HOT);
        for (int i = 0; i < warmKeys; i++) {
            keys.add("product:" + (1_000 + i * 37));
        }
        return keys;
    }

    private void change(String key) {
        List<long[]> history = changes.computeIfAbsent(key, k -> new ArrayList<>());
        long number = history.size();
        db.load(key, key + " v" + number);
        history.add(new long[] {sim.now(), number});
    }

    /** The database is down from {@code from} to {@code to}. */
    Stampede outage(long from, long to) {
        outageFrom = from;
        outageTo = to;
        db.crashAt(from);
        db.restartAt(to);
        return this;
    }

    /** Runs the callers for {@code duration}, then lets every request finish. */
    Stampede run(long duration) {
        until = duration;
        RandomStream arrivals = sim.random("arrivals");
        RandomStream which = sim.random("keys");
        List<String> keys = keys();
        double meanGapNanos = 1e9 / ratePerSecond;
        sim.at(0, "caller", new Runnable() {
            @Override
            public void run() {
                if (sim.now() >= until) {
                    return;
                }
                String key = warmKeys == 0 || which.chance(hotShare) ? HOT : keys.get(1 + which.nextInt(warmKeys));
                Call call = new Call(key, sim.now());
                calls.add(call);
                loading.get(key, value -> {
                    call.answers++;
                    if (call.answers == 1) {
                        call.end = sim.now();
                        call.value = value;
                    }
                });
                long gap = Math.max(1, (long) (-Math.log(1 - arrivals.nextDouble()) * meanGapNanos));
                sim.after(gap, "caller", this);
            }
        });
        RandomStream edits = sim.random("edits");
        for (String key : keys) {
            long at = (long) (ttl * (0.3 + edits.nextDouble()));
            while (at < until) {
                sim.at(at, "edit", () -> change(key));
                at += (long) (ttl * (0.4 + edits.nextDouble() * 0.8));
            }
        }
        Map<String, Boolean> cachedBefore = new HashMap<>();
        long[] expiryStart = {0};
        long[] loadsInExpiry = {0};
        long[] lastReads = {0};
        boolean[] hotCached = {false};
        for (String key : keys) {
            windows.put(key, 1);                              // every key starts cold
        }
        sim.every(Time.micros(250), "probe", () -> {
            long reads = db.count("read");
            long newReads = reads - lastReads[0];
            lastReads[0] = reads;
            readsAt.add(reads);
            missesAt.add(cache.misses());
            boolean inOutage = outageFrom >= 0 && sim.now() >= outageFrom && sim.now() <= outageTo + Time.ms(1);
            if (!inOutage) {
                readsOutsideOutage += newReads;
            }
            for (String key : readsAt.size() % 4 == 0 ? keys : List.<String>of()) {   // every key each ms
                boolean cached = cache.peek(key) != null;
                Boolean before = cachedBefore.put(key, cached);
                if (before != null && before && !cached) {
                    windows.merge(key, 1, Integer::sum);
                }
            }
            boolean cached = cache.peek(HOT) != null;
            if (!cached && !inOutage) {
                loadsInExpiry[0] += newReads;
            }
            if (hotCached[0] && !cached) {
                expiryStart[0] = sim.now();
                loadsInExpiry[0] = newReads;
            } else if (!hotCached[0] && cached) {
                if (!overlapsOutage(expiryStart[0], sim.now())) {
                    expiries.add(new Expiry(expiryStart[0], sim.now(), loadsInExpiry[0]));
                }
                loadsInExpiry[0] = 0;
            }
            hotCached[0] = cached;
        });
        sim.runFor(until + Time.ms(dbHighMs * 3 + 50));
        return this;
    }

    private boolean overlapsOutage(long from, long to) {
        return outageFrom >= 0 && from <= outageTo + Time.ms(dbHighMs + 5) && to >= outageFrom;
    }

    // ------------------------------------------------------------------ checks

    private String where() {
        return String.format(Locale.ROOT, "(%s, seed %d: TTL %.0f ms, loads take %.0f–%.0f ms, %,.0f requests/s)",
                description, seed, Time.toMillis(ttl), dbLowMs, dbHighMs, ratePerSecond);
    }

    /** Every caller is answered exactly once. */
    void assertEveryCallerAnsweredOnce() {
        long never = calls.stream().filter(c -> c.answers == 0).count();
        if (never > 0) {
            Call first = calls.stream().filter(c -> c.answers == 0).findFirst().orElseThrow();
            throw new AssertionError(String.format(Locale.ROOT,
                    "%,d of %,d callers were never answered; the first asked for %s at t=%s %s. A caller that"
                            + " waits for a load in flight must be answered when that load ends, whether it"
                            + " succeeded or failed, and a flight must be closed so the next miss can load again.",
                    never, calls.size(), first.key, Time.format(first.start), where()));
        }
        Call twice = calls.stream().filter(c -> c.answers > 1).findFirst().orElse(null);
        if (twice != null) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "the caller who asked for %s at t=%s was answered %d times; answer each caller once %s",
                    twice.key, Time.format(twice.start), twice.answers, where()));
        }
    }

    /** At most one database load per expiry of the hot key (hot-key-only runs). */
    void assertOneLoadPerExpiry() {
        if (expiries.isEmpty()) {
            throw new AssertionError("the hot key was never cached, so it never expired " + where()
                    + ": after a load, put the value in the cache with the TTL");
        }
        Expiry worst = expiries.stream().max((a, b) -> Long.compare(a.loads(), b.loads())).orElseThrow();
        long total = expiries.stream().mapToLong(Expiry::loads).sum();
        if (worst.loads() > 1) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%d database loads of %s while its entry was expired from t=%s to t=%s (%,d loads over %d"
                            + " expiries, %.1f per expiry) %s. Every caller that misses while a load is in flight"
                            + " must wait for that load instead of starting its own: at most one load per expiry."
                            + " If only a few extra loads start, look at when: a miss that arrives after the"
                            + " database answered but before the cache holds the value also finds no flight.",
                    worst.loads(), HOT, Time.format(worst.from()), Time.format(worst.to()), total,
                    expiries.size(), (double) total / expiries.size(), where()));
        }
    }

    /** Database loads, all keys together, at most one per stretch in which a key was not cached. */
    void assertLoadsBoundedByExpiries() {
        long allowed = windows.values().stream().mapToLong(Integer::longValue).sum();
        if (readsOutsideOutage > allowed) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%,d database loads for %d keys that expired %,d times in all %s: one load per key per"
                            + " expiry is enough. Keep one flight per key, so callers of the same key wait for"
                            + " its load while loads of different keys run side by side.",
                    readsOutsideOutage, windows.size(), allowed, where()));
        }
    }

    /** Every answer is a value the row held at most a TTL (and one load) before the request. */
    void assertCorrectValues() {
        long slack = ttl + Time.ms(2 * cacheHighMs + 1);
        for (Call call : calls) {
            if (call.end < 0) {
                continue;
            }
            boolean duringOutage = outageFrom >= 0 && call.end >= outageFrom && call.start <= outageTo + Time.ms(dbHighMs + 5);
            if (call.value == null) {
                if (duringOutage) {
                    continue;
                }
                throw new AssertionError(String.format(Locale.ROOT,
                        "the caller who asked for %s at t=%s got null, but the row exists and the database was up %s."
                                + " A caller that waits for a load must get the value that load read.",
                        call.key, Time.format(call.start), where()));
            }
            List<long[]> history = changes.get(call.key);
            int found = -1;
            for (int i = 0; i < history.size(); i++) {
                if ((call.key + " v" + history.get(i)[1]).equals(call.value)) {
                    found = i;
                }
            }
            if (found < 0) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "the caller who asked for %s at t=%s got \"%s\", which that row never held %s",
                        call.key, Time.format(call.start), call.value, where()));
            }
            long replacedAt = found + 1 < history.size() ? history.get(found + 1)[0] : Long.MAX_VALUE;
            if (replacedAt < call.start - slack) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "the caller who asked for %s at t=%s got \"%s\", which the database replaced at t=%s, %.0f ms"
                                + " earlier: more than the TTL of %.0f ms %s. Serve values from the cache (it expires"
                                + " them) or from the load in flight, never from a copy you keep yourself.",
                        call.key, Time.format(call.start), call.value, Time.format(replacedAt),
                        Time.toMillis(call.start - replacedAt), Time.toMillis(ttl), where()));
            }
        }
    }

    /** The 99th percentile of waiting is about one cache call, one load and one put. */
    void assertBoundedP99() {
        long bound = Time.ms(dbHighMs + 3 * cacheHighMs + 3);
        long p99 = p99();
        if (p99 > bound) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "p99 latency %.1f ms, over %.1f ms (a cache call, one load, a put) %s: a caller who misses"
                            + " should wait for the load in flight, not for loads queued behind it",
                    Time.toMillis(p99), Time.toMillis(bound), where()));
        }
        long gets = cache.hits() + cache.misses();
        if (gets > calls.size() * 1.05 + 50) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%,d cache gets for %,d requests %s: a waiting caller should be answered by the load it"
                            + " waits for, not poll the cache again and again",
                    gets, calls.size(), where()));
        }
    }

    long p99() {
        long[] latencies = calls.stream()
                .filter(c -> c.end >= 0 && !(outageFrom >= 0 && c.end >= outageFrom && c.start <= outageTo))
                .mapToLong(c -> c.end - c.start).sorted().toArray();
        return latencies.length == 0 ? 0 : latencies[(int) Math.min(latencies.length - 1, Math.ceil(0.99 * latencies.length) - 1)];
    }

    void assertAll() {
        assertEveryCallerAnsweredOnce();
        assertCorrectValues();
        if (warmKeys == 0) {
            assertOneLoadPerExpiry();
        }
        assertLoadsBoundedByExpiries();
        assertBoundedP99();
    }

    // ------------------------------------------------------------------ figure

    /** Database loads and cache misses per 10 ms, with the hot key's expiries as bands. */
    void attachFigure() {
        int perBin = 40;                                  // 40 probes of 0.25 ms
        List<Double> seconds = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        List<Double> misses = new ArrayList<>();
        for (int i = perBin; i < readsAt.size(); i += perBin) {
            seconds.add(i * 0.00025);
            loads.add((double) (readsAt.get(i) - readsAt.get(i - perBin)));
            misses.add((double) (missesAt.get(i) - missesAt.get(i - perBin)));
        }
        List<Band> bands = new ArrayList<>();
        for (Expiry e : expiries) {
            bands.add(new Band(Time.toSeconds(e.from()), Time.toSeconds(e.to()),
                    e.loads() == 1 ? "expired: 1 load" : "expired: " + e.loads() + " loads"));
        }
        if (outageFrom >= 0) {
            bands.add(new Band(Time.toSeconds(outageFrom), Time.toSeconds(outageTo), "database down"));
        }
        long total = expiries.stream().mapToLong(Expiry::loads).sum();
        String perExpiry = warmKeys == 0 && !expiries.isEmpty()
                ? String.format(Locale.ROOT, "%.1f loads per expiry of the hot key", (double) total / expiries.size())
                : String.format(Locale.ROOT, "%,d loads for %,d expiries of %d keys", readsOutsideOutage,
                        windows.values().stream().mapToLong(Integer::longValue).sum(), windows.size());
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "Database loads and cache misses per 10 ms (%s, seed %d; %s; p99 %.1f ms)", description, seed,
                perExpiry, Time.toMillis(p99())), "per 10 ms", List.of(
                new TimeSeriesChart.Series("cache misses", seconds, misses),
                new TimeSeriesChart.Series("database loads", seconds, loads)), bands));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %,d requests, %,d database loads, %d expiries of the hot key, p99 %.1f ms %s",
                description, calls.size(), db.count("read"), expiries.size(), Time.toMillis(p99()), where());
    }
}
