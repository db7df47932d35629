import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.store.Cell;
import dev.loadbearing.sim.store.WideColumnStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Activity timelines written and read through two app servers, each with its own ActivityFeed,
 * over one wide-column store. Ordinary accounts have from 500 to {@code 20 × writeLimit}
 * followers; celebrities take {@code 1.6} to {@code 3.5} times a partition's write limit. For the
 * first second only writes arrive; then reads too, 40% of them of celebrities. Queries take 1 ms
 * plus an exponential 1 ms on average, plus 0.02 ms a row.
 */
final class TimelineTraffic {
    static final long WARM_UP = Time.seconds(1);
    static final long DURATION = Time.seconds(2.5);
    static final double P99_TARGET_MS = 10;
    private static final Distribution EXPONENTIAL = Distribution.exponential(Time.ms(1));

    final long seed;
    final int writeLimit;
    final int pageSize;
    final List<Account> celebrities = new ArrayList<>();
    final WideColumnStore<Activity> store;
    private final Sim sim;
    private final List<Account> ordinary = new ArrayList<>();
    private final Map<String, Account> accounts = new TreeMap<>();
    private final Map<Long, Activity> issued = new HashMap<>();
    /** Per account, the entries acknowledged as stored, in the order acknowledged. */
    private final Map<String, List<Activity>> acked = new HashMap<>();
    private final Latencies readLatency = new Latencies();
    private long reads;
    private long readReplies;
    private long writesAsked;
    private long writesOk;
    private long writesFailed;
    private String wrongRead;
    private String wrongCelebrityRead;
    private long storeReadsBeforeReads;
    private boolean attached;

    TimelineTraffic(Function<WideColumnStore<Activity>, ActivityFeed> feeds, long seed, int celebrityCount,
            double readsPerSecond) {
        this.seed = seed;
        this.sim = new Sim(seed);
        RandomStream random = sim.random("timelines");
        this.writeLimit = 400 + 50 * random.nextInt(13);
        this.pageSize = 10 + random.nextInt(21);
        this.store = new WideColumnStore<Activity>(sim, "timelines")
                .readLatency(random1 -> Time.ms(1) + EXPONENTIAL.sample(random1))
                .rowLatency(Time.ms(0.02))
                .writeLatency(Distribution.constant(Time.ms(1)))
                .writeLimit(writeLimit);
        int offset = random.nextInt(9_000);
        for (int i = 0; i < 200; i++) {
            long followers = Math.round(500 * Math.pow(20.0 * writeLimit / 500, random.nextDouble()));
            ordinary.add(new Account("@user" + (offset + i), followers));
        }
        for (int i = 0; i < celebrityCount; i++) {
            double times = 1.6 + 1.9 * random.nextDouble();
            celebrities.add(new Account("@star" + (offset + i), Math.round(times * writeLimit * 1_000)));
        }
        ordinary.forEach(a -> accounts.put(a.name(), a));
        celebrities.forEach(a -> accounts.put(a.name(), a));
        List<ActivityFeed> servers = List.of(feeds.apply(store), feeds.apply(store));

        long[] nextId = {1_000_000L * (1 + random.nextInt(1_000))};
        for (Account account : accounts.values()) {
            double gap = 1e9 / account.expectedWritesPerSecond();
            for (double t = gap * random.nextDouble(); t < DURATION; t += -Math.log(1 - random.nextDouble()) * gap) {
                long at = (long) t;
                ActivityFeed server = servers.get(random.nextInt(2));
                String from = ordinary.get(random.nextInt(ordinary.size())).name();
                sim.at(at, "write", () -> {
                    Activity activity = new Activity(nextId[0]++, from, account.name(), sim.now());
                    issued.put(activity.id(), activity);
                    writesAsked++;
                    boolean[] answered = {false};
                    server.record(account, activity, ok -> {
                        if (answered[0]) {
                            return;
                        }
                        answered[0] = true;
                        if (ok) {
                            writesOk++;
                            acked.computeIfAbsent(account.name(), k -> new ArrayList<>()).add(activity);
                        } else {
                            writesFailed++;
                        }
                    });
                });
            }
        }
        sim.at(WARM_UP, "reads start", () -> storeReadsBeforeReads = store.queries() + store.gets());
        double gap = 1e9 / readsPerSecond;
        for (double t = WARM_UP + gap * random.nextDouble(); t < DURATION; t += -Math.log(1 - random.nextDouble()) * gap) {
            Account account = !celebrities.isEmpty() && random.chance(0.4)
                    ? celebrities.get(random.nextInt(celebrities.size()))
                    : ordinary.get(random.nextInt(ordinary.size()));
            ActivityFeed server = servers.get(random.nextInt(2));
            sim.at((long) t, "read", () -> read(server, account));
        }
        sim.run();
    }

    private void read(ActivityFeed server, Account account) {
        reads++;
        long start = sim.now();
        // a celebrity's page is checked for being full and recent, so only ordinary timelines need the copy
        List<Activity> before = isCelebrity(account) ? List.of()
                : List.copyOf(acked.getOrDefault(account.name(), List.of()));
        boolean[] answered = {false};
        server.newest(account, pageSize, entries -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            readReplies++;
            readLatency.record(sim.now() - start);
            check(account, start, before, entries == null ? List.of() : List.copyOf(entries));
        });
    }

    private boolean isCelebrity(Account account) {
        return celebrities.contains(account);
    }

    private void check(Account account, long start, List<Activity> before, List<Activity> page) {
        String where = String.format(Locale.ROOT, "seed %d: at t=%.3f s newest(%s, %d)", seed, Time.toSeconds(start),
                account.name(), pageSize);
        String problem = null;
        if (page.size() > pageSize) {
            problem = String.format(Locale.ROOT, "%s returned %d entries, more than the %d asked for", where,
                    page.size(), pageSize);
        }
        for (int i = 0; problem == null && i < page.size(); i++) {
            Activity entry = page.get(i);
            Activity real = entry == null ? null : issued.get(entry.id());
            if (real == null || !real.account().equals(account.name()) || !real.from().equals(entry.from())
                    || real.postedAt() != entry.postedAt()) {
                problem = String.format(Locale.ROOT, "%s returned %s, which was never posted to %s: a timeline shows "
                        + "only the entries written to that account", where, entry, account.name());
            } else if (i > 0 && entry.id() >= page.get(i - 1).id()) {
                problem = String.format(Locale.ROOT, "%s returned entry %d after entry %d: newest first means "
                        + "falling ids (query returns a partition's rows by falling clustering key)", where,
                        entry.id(), page.get(i - 1).id());
            }
        }
        if (problem == null && !isCelebrity(account)) {
            long oldestShown = page.isEmpty() ? Long.MAX_VALUE : page.get(page.size() - 1).id();
            int expected = Math.min(pageSize, before.size());
            List<Long> shown = page.stream().map(Activity::id).toList();
            for (Activity stored : before) {
                if (stored.id() > oldestShown && !shown.contains(stored.id())) {
                    problem = String.format(Locale.ROOT, "%s left out entry %d, stored %.0f ms before the read, yet "
                            + "showed the older entry %d. %s has %,d followers, about %.1f writes a second: its "
                            + "timeline fits in one partition, so read it from that one partition, whole and in "
                            + "order", where, stored.id(), Time.toMillis(start - stored.postedAt()), oldestShown,
                            account.name(), account.followers(), account.expectedWritesPerSecond());
                    break;
                }
            }
            if (problem == null && page.size() < expected) {
                problem = String.format(Locale.ROOT, "%s returned %d entries; %d were stored before the read, so it "
                        + "should show the newest %d. %s has %,d followers, about %.1f writes a second: keep an "
                        + "ordinary account's timeline in one partition, so one query finds all of it",
                        where, page.size(), before.size(), expected, account.name(), account.followers(),
                        account.expectedWritesPerSecond());
            }
            if (problem != null && wrongRead == null) {
                wrongRead = problem;
            }
        } else if (problem == null) {
            long second = Time.seconds(1);
            if (page.size() < pageSize) {
                problem = String.format(Locale.ROOT, "%s returned %d entries; it should return a full page of %d. %s "
                        + "gets about %,.0f writes a second: the bucket you read should hold that many from the last "
                        + "second (too many buckets leave each one thin)", where, page.size(), pageSize,
                        account.name(), account.expectedWritesPerSecond());
            } else if (start - page.get(page.size() - 1).postedAt() > second) {
                problem = String.format(Locale.ROOT, "%s showed entry %d, posted %.2f s before the read: a page of a "
                        + "celebrity's timeline shows entries from the last second, as it takes about %,.0f a second",
                        where, page.get(page.size() - 1).id(),
                        Time.toSeconds(start - page.get(page.size() - 1).postedAt()), account.expectedWritesPerSecond());
            }
            if (problem != null && wrongCelebrityRead == null) {
                wrongCelebrityRead = problem;
            }
        }
        if (problem != null && wrongRead == null && !isCelebrity(account)) {
            wrongRead = problem;
        }
    }

    private void attach() {
        if (attached) {
            return;
        }
        attached = true;
        Figures.attach(store.writesFigure(String.format(Locale.ROOT,
                        "Writes per second asked of the hottest partition, limit %d (seed %d)", writeLimit, seed)),
                store.peaksFigure(String.format(Locale.ROOT, "Busiest second of the 12 hottest partitions (seed %d)",
                        seed), 12),
                readLatency.chart(String.format(Locale.ROOT, "Timeline read latency, target p99 %.0f ms (seed %d)",
                        P99_TARGET_MS, seed), 30));
    }

    void showFigures() {
        attach();
    }

    /** No partition was asked for more writes than its limit in any second, and no write failed. */
    void assertUnderWriteLimit() {
        if (store.throttled() > 0 || writesFailed > 0 || store.peakWritesPerSecond() > writeLimit) {
            attach();
            String hottest = store.hottestPartition();
            Account owner = accounts.get(hottest.contains("#") ? hottest.substring(0, hottest.indexOf('#')) : hottest);
            String why;
            if (owner != null && isCelebrity(owner) && !hottest.contains("#")) {
                why = String.format(Locale.ROOT, "%s has %,d followers, so its timeline takes about %,.0f writes a "
                        + "second, %.1f times what one partition accepts. A partition is the unit a wide-column "
                        + "store cannot split: spread this timeline over several partitions (buckets, such as "
                        + "\"%s#0\", \"%s#1\", ...) that take its writes in turn", owner.name(), owner.followers(),
                        owner.expectedWritesPerSecond(), owner.expectedWritesPerSecond() / writeLimit, owner.name(),
                        owner.name());
            } else {
                why = "Give a hot timeline enough buckets to keep each under about half the limit: writes arrive at "
                        + "random, so some seconds take far more than the average";
            }
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: partition \"%s\" was asked for %,d writes in its busiest second; the limit is %,d a "
                            + "partition, so %,d writes were throttled and %,d entries were not stored. %s",
                    seed, hottest, store.peakWritesPerSecond(), writeLimit, store.throttled(), writesFailed, why));
        }
    }

    /** Every timeline read was one store read: no scatter-gather, nothing served without the store. */
    void assertOnePartitionPerRead() {
        long storeReads = store.queries() + store.gets() - storeReadsBeforeReads;
        if (storeReads != reads || readReplies != reads) {
            attach();
            if (readReplies != reads) {
                throw new AssertionError(String.format(Locale.ROOT, "seed %d: %,d of %,d timeline reads never "
                        + "called back: call reply exactly once for each newest(...)", seed, reads - readReplies, reads));
            }
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: %,d timeline reads made %,d store reads (%.2f each); each must be exactly one query of "
                            + "one partition. %s", seed, reads, storeReads, storeReads / (double) reads,
                    storeReads > reads
                            ? "Reading every bucket and merging them (scatter-gather) makes every read as slow as "
                            + "the slowest of its partitions and multiplies the read load: read one bucket"
                            : "Every read must come from the store: the two app servers share nothing else, and "
                            + "a copy kept in one of them misses what the other wrote"));
        }
    }

    /** Ordinary accounts' reads show their newest entries exactly; celebrities' a full, recent page. */
    void assertReadsRight() {
        if (wrongRead != null || wrongCelebrityRead != null) {
            attach();
            throw new AssertionError(wrongRead != null ? wrongRead : wrongCelebrityRead);
        }
    }

    /** Every acknowledged entry is in the store. */
    void assertNothingLost() {
        Map<Long, Integer> copies = new HashMap<>();
        for (List<Cell<Activity>> rows : store.contents().values()) {
            for (Cell<Activity> row : rows) {
                if (row.value() != null) {
                    copies.merge(row.value().id(), 1, Integer::sum);
                }
            }
        }
        for (List<Activity> entries : acked.values()) {
            for (Activity entry : entries) {
                if (!copies.containsKey(entry.id())) {
                    attach();
                    throw new AssertionError(String.format(Locale.ROOT, "seed %d: entry %d of %s was acknowledged "
                            + "as stored (done(true)) but is in no partition of the store: call done(true) only "
                            + "when the store's reply is OK", seed, entry.id(), entry.account()));
                }
            }
        }
        if (writesOk != writesAsked) {
            attach();
            throw new AssertionError(String.format(Locale.ROOT, "seed %d: %,d of %,d entries were not stored "
                    + "(done(false) or no answer); every write must be stored once", seed, writesAsked - writesOk,
                    writesAsked));
        }
    }

    /** Timeline reads' p99 is under the target. */
    void assertP99() {
        double p99 = Time.toMillis(readLatency.percentile(99));
        if (p99 > P99_TARGET_MS) {
            attach();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: timeline reads took %.1f ms at p99 (target %.0f ms); the store returned %,d rows for "
                            + "%,d reads, %.0f a read for pages of %d. Each row a query returns costs time: ask the "
                            + "store for one page (query(partition, limit, ...)), not the whole partition",
                    seed, p99, P99_TARGET_MS, store.rowsReturned(), reads, store.rowsReturned() / (double) reads,
                    pageSize));
        }
    }

    void assertAll() {
        assertUnderWriteLimit();
        assertNothingLost();
        assertOnePartitionPerRead();
        assertReadsRight();
        assertP99();
    }
}
