import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.LineChart;
import dev.loadbearing.sim.race.Budget;
import dev.loadbearing.sim.race.Exploration;
import dev.loadbearing.sim.race.Interleaving;
import dev.loadbearing.sim.race.Race;
import dev.loadbearing.sim.race.Shared;
import dev.loadbearing.sim.race.SharedValue;
import dev.loadbearing.sim.race.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Readers and one writer on one product, run by the race explorer. The writer writes "v1", "v2",
 * ... in turn, so a value's name is its database version. The rules:
 * <ul>
 *   <li>when every process has finished, the cache holds no value or the database's current one:
 *       anything else is a stale entry that readers would get until its TTL runs out;</li>
 *   <li>a read that begins after a write has finished never returns an older value;</li>
 *   <li>a read returns a value the database really held.</li>
 * </ul>
 * Each reader, before each read, looks at how many writes have finished (one step of the tests'
 * own, on "writes finished"), so the second rule can be checked in every interleaving.
 */
final class Invalidation {
    static final String STALE_ENTRY = "no stale entry left in the cache when everyone has finished";
    static final String OLDER_THAN_WRITE = "no read returns a value older than a write that finished before the read began";
    static final String REAL_VALUE = "every read returns a value the database held";
    static final int MAX_STEPS = 2_000;

    /** One run's world: the learner's store and the tests' bookkeeping. */
    static final class World {
        final Store store;
        final SharedValue<Integer> finished;
        final String[] problems;

        World(Shared shared, boolean warm, int reads) {
            store = new Store(shared, "v0", warm ? Store.Entry.of("v0", 0) : null);
            finished = shared.value("writes finished", 0);
            problems = new String[reads];
        }
    }

    final String label;
    final int[] readsPerReader;
    final int writes;
    final boolean warm;

    Invalidation(String label, int[] readsPerReader, int writes, boolean warm) {
        this.label = label;
        this.readsPerReader = readsPerReader.clone();
        this.writes = writes;
        this.warm = warm;
    }

    /** {@code readers} readers with 1 to {@code maxReads} reads each, 1 to {@code maxWrites} writes, a cold or warm cache. */
    static Invalidation random(long seed, int readers, int maxReads, int maxWrites) {
        Random random = new Random(seed);
        int[] reads = new int[readers];
        for (int i = 0; i < readers; i++) {
            reads[i] = 1 + random.nextInt(maxReads);
        }
        return new Invalidation("seed " + seed, reads, 1 + random.nextInt(maxWrites), random.nextBoolean());
    }

    int reads() {
        return Arrays.stream(readsPerReader).sum();
    }

    String describe() {
        StringBuilder sb = new StringBuilder(warm ? "the cache starts holding \"v0\"" : "the cache starts empty");
        sb.append(", the database row holds \"v0\"; ");
        for (int r = 0; r < readsPerReader.length; r++) {
            sb.append("reader-").append(r + 1).append(" reads ").append(readsPerReader[r]).append(readsPerReader[r] == 1 ? " time; " : " times; ");
        }
        sb.append("the writer writes ");
        for (int w = 1; w <= writes; w++) {
            sb.append(w == 1 ? "" : ", then ").append("\"v").append(w).append('"');
        }
        return sb.toString();
    }

    Race<World> race() {
        int total = reads();
        Race<World> race = Race.of(shared -> new World(shared, warm, total));
        int index = 0;
        for (int r = 0; r < readsPerReader.length; r++) {
            String name = "reader-" + (r + 1);
            int first = index;
            int count = readsPerReader[r];
            race.process(name, w -> {
                for (int i = 0; i < count; i++) {
                    int before = w.finished.read();
                    String value = ProductCache.read(w.store, name);
                    int version = version(value);
                    if (version < 0 || version > writes) {
                        w.problems[first + i] = String.format(Locale.ROOT, "%s's read %d returned %s, a value the database never held",
                                name, i + 1, value == null ? "null" : "\"" + value + "\"");
                    } else if (version < before) {
                        w.problems[first + i] = String.format(Locale.ROOT,
                                "%s's read %d began after the writer had finished writing \"v%d\", and returned \"%s\"",
                                name, i + 1, before, value);
                    }
                }
            });
            index += count;
        }
        race.process("writer", w -> {
            for (int v = 1; v <= writes; v++) {
                ProductCache.write(w.store, "v" + v);
                w.finished.write(v);
            }
        });
        return race.maxSteps(MAX_STEPS)
                .atEnd(REAL_VALUE, w -> Arrays.stream(w.problems).noneMatch(p -> p != null && p.contains("never held")))
                .atEnd(OLDER_THAN_WRITE, w -> Arrays.stream(w.problems).noneMatch(p -> p != null && p.contains("began after")))
                .atEnd(STALE_ENTRY, w -> {
                    Store.Entry entry = w.store.cache().peek();
                    return entry == null || !entry.hasValue() || entry.value().equals(w.store.db().peek().value());
                });
    }

    static int version(String value) {
        if (value == null || !value.matches("v[0-9]{1,3}")) {
            return -1;
        }
        return Integer.parseInt(value.substring(1));
    }

    // ---- checks ----------------------------------------------------------------------------

    Exploration assertEveryInterleaving() {
        assertReadsAreCached();
        Exploration result = race().exploreAll(new Budget(200_000, Duration.ofSeconds(1)));
        if (result.outOfBudget()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: the explorer could not try every interleaving in time (%,d tried, none failed). %s. A read"
                            + " or a write takes too many steps: a miss needs at most 4 calls (get, lease, database"
                            + " read, set) and every extra step multiplies the orders the processes can take",
                    label, result.runs(), describe()));
        }
        result.failure().ifPresent(bad -> fail(bad, "Interleaving " + result.runs() + " of every possible one"));
        return result;
    }

    Exploration assertSeeds(long first, int count) {
        assertReadsAreCached();
        Exploration result = race().exploreSeeds(first, count, new Budget(count, Duration.ofSeconds(2)));
        if (result.outOfBudget()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: only %,d of %,d seeded interleavings ran in time (none failed): reads or writes take too many steps",
                    label, result.runs(), count));
        }
        result.failure().ifPresent(bad -> fail(bad, "The interleaving of seed " + bad.seed()));
        return result;
    }

    private void fail(Interleaving bad, String which) {
        Figures.attach(versionChart("The failing interleaving: versions in the database and the cache after each step (" + label + ")", bad));
        String steps = bad.toString();
        throw new AssertionError(String.format(Locale.ROOT, "%s: %s. %s broke a rule:%n%s%n%s", label, describe(), which,
                steps.startsWith("Seed ") ? steps.substring(steps.indexOf('\n') + 1) : steps, lesson(bad.problem())));
    }

    static String lesson(String problem) {
        if (problem.contains(STALE_ENTRY)) {
            return "The stale set: a reader missed and read the old row; the writer then updated the row and deleted the"
                    + " entry; then the reader's set put the old value back, where every reader gets it until the TTL"
                    + " runs out. Deleting cannot stop a set that arrives later. Either take a lease on a miss"
                    + " (compareAndSet(null, Entry.lease(reader)) before reading the row) and set only if it is still"
                    + " yours (compareAndSet(lease, value)): the writer's delete removes the lease; or make the set"
                    + " versioned: the writer leaves Entry.tombstone(its version) instead of deleting, and a reader"
                    + " sets only over an entry with an older version.";
        }
        if (problem.contains(OLDER_THAN_WRITE)) {
            return "A reader got a value the writer had already replaced and invalidated before the read began: an old"
                    + " value went back into the cache after the invalidation (or the writer invalidated before it"
                    + " wrote the database). Update the database first, then invalidate, and make sure a set that"
                    + " was decided before the invalidation cannot land after it (a lease or a versioned set).";
        }
        if (problem.contains(REAL_VALUE)) {
            return "A read must return what the database holds (or held), read from the cache or the row: no made-up or"
                    + " null values.";
        }
        if (problem.startsWith("gave up")) {
            return "The run took more than " + MAX_STEPS + " steps: a loop that never ends (a retry that never reads"
                    + " again, or waiting for another process's lease in a loop) or far too many calls per read.";
        }
        return "Read the steps above from the top: each line is one call on the cache or the database, in the order the"
                + " explorer ran them.";
    }

    /** The database's and the cache's versions after each step (-1: the cache holds no value). */
    LineChart versionChart(String title, Interleaving run) {
        List<Double> xs = new ArrayList<>(List.of(0.0));
        List<Double> db = new ArrayList<>(List.of(0.0));
        List<Double> cache = new ArrayList<>(List.of(warm ? 0.0 : -1.0));
        double dbNow = 0;
        double cacheNow = warm ? 0 : -1;
        List<Step> steps = run.steps();
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            if (step.changes() && step.target().equals("db row")) {
                dbNow++;
            }
            if (step.changes() && step.target().equals("cache")) {
                cacheNow = step.value() instanceof Store.Entry e && e.hasValue() ? e.version() : -1;
            }
            xs.add((double) (s + 1));
            db.add(dbNow);
            cache.add(cacheNow);
        }
        return new LineChart(title, "step", "version (-1: no value cached)", List.of(
                new LineChart.Series("database row", xs, db),
                new LineChart.Series("cache", xs, cache)));
    }

    /** Attaches the chart of one seeded interleaving. */
    void attachChart(long seed) {
        Figures.attach(versionChart(String.format(Locale.ROOT,
                "Versions in the database and the cache after each step (%s, interleaving %d)", label, seed), race().run(seed)));
    }

    // ---- cost alone --------------------------------------------------------------------------

    /** With nobody else running, the second of two reads is answered by the cache alone; returns that run. */
    static Interleaving assertReadsAreCached() {
        Race<World> alone = Race.of(shared -> new World(shared, false, 0));
        alone.process("reader-1", w -> {
            ProductCache.read(w.store, "reader-1");
            ProductCache.read(w.store, "reader-1");
        });
        Interleaving readTwice = alone.run(1);
        long dbReads = readTwice.steps().stream().filter(s -> s.target().equals("db row")).count();
        if (readTwice.passed() && dbReads != 1) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "one reader alone read the product twice and the database %d times (steps: %s). The first read"
                            + " misses and fills the cache; the second must be a hit, answered by the cache alone: a"
                            + " cache that is never filled (or never read) keeps no stale values but saves nothing.",
                    dbReads, readTwice.steps()));
        }
        return readTwice;
    }

    /** With nobody else running: a hit is one cache call, a miss at most 4 calls, a write at most 4, and a read after a read hits. */
    static void assertCostAlone() {
        Interleaving readTwice = assertReadsAreCached();       // a run that passed read the database once
        if (!readTwice.passed()) {
            throw new AssertionError("one reader alone, reading twice, failed: " + readTwice);
        }
        List<Step> steps = readTwice.steps();
        // the second read starts after the first read's last step: find where the first read ended
        Race<World> once = Race.of(shared -> new World(shared, false, 0));
        once.process("reader-1", w -> ProductCache.read(w.store, "reader-1"));
        int missSteps = once.run(1).steps().size();
        int hitSteps = steps.size() - missSteps;
        if (missSteps > 4) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "a miss, with nobody else running, took %d calls (%s); at most 4 are needed: get, take a lease (or"
                            + " read the entry's version), read the row, set. Every call is a round trip.",
                    missSteps, once.run(1).steps()));
        }
        if (hitSteps != 1) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "a hit, with nobody else running, took %d calls (%s); a hit is one cache get",
                    hitSteps, steps.subList(missSteps, steps.size())));
        }
        Race<World> write = Race.of(shared -> new World(shared, true, 0));
        write.process("writer", w -> ProductCache.write(w.store, "v1"))
                .atEnd("the write reached the database", w -> "v1".equals(w.store.db().peek().value()));
        Interleaving written = write.run(1);
        if (!written.passed()) {
            throw new AssertionError("one writer alone, writing \"v1\": " + written);
        }
        if (written.steps().size() > 4) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "a write, with nobody else running, took %d calls (%s); at most 4 are needed: read the row,"
                            + " write it if its version is unchanged, invalidate the entry",
                    written.steps().size(), written.steps()));
        }
    }
}
