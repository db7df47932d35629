import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.store.Datastore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Random transfers between a handful of accounts through three app servers, each with its own
 * Transfers, over one relational database, for 3 s of virtual time; optionally the database
 * crashes twice for 150 ms. Reads take 1 ms, writes and commits 2 ms.
 */
final class LedgerRun {
    static final long DURATION = Time.seconds(3);
    static final int P99_MS = 100;

    final long seed;
    final Datastore<Integer> db;
    private final Sim sim;
    private final Map<String, Integer> initial = new LinkedHashMap<>();
    private final Map<String, Integer> expected = new LinkedHashMap<>();
    private final Latencies latency = new Latencies();
    private final List<Double> times = new ArrayList<>();
    private final List<Double> totals = new ArrayList<>();
    private final long total;
    private long issued;
    private long succeeded;
    private long refused;
    private long feasible;
    private long feasibleSucceeded;
    private long answeredTwice;
    private String negative;
    private String firstLoss;
    private long firstLossTotal;
    private boolean attached;

    LedgerRun(java.util.function.Function<Datastore<Integer>, Transfers> servers, long seed, boolean crashes,
            double perSecond) {
        this.seed = seed;
        this.sim = new Sim(seed);
        RandomStream random = sim.random("ledger");
        this.db = new Datastore<Integer>(sim, "bank")
                .readLatency(Distribution.constant(Time.ms(1)))
                .writeLatency(Distribution.constant(Time.ms(2)))
                .lockTimeout(Time.seconds(1));
        int accounts = 6 + random.nextInt(7);
        int offset = random.nextInt(9_000);
        List<String> names = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < accounts; i++) {
            String name = "acct-" + (offset + 37 * i);
            int balance = 50 + random.nextInt(151);
            names.add(name);
            initial.put(name, balance);
            expected.put(name, balance);
            db.load(name, balance);
            sum += balance;
        }
        this.total = sum;
        List<Transfers> apps = List.of(servers.apply(db), servers.apply(db), servers.apply(db));
        if (crashes) {
            long first = Time.ms(700 + random.nextInt(500));
            long second = Time.ms(1_900 + random.nextInt(500));
            db.crashAt(first);
            db.restartAt(first + Time.ms(150));
            db.crashAt(second);
            db.restartAt(second + Time.ms(150));
        }
        double gap = 1e9 / perSecond;
        for (double t = gap * random.nextDouble(); t < DURATION; t += -Math.log(1 - random.nextDouble()) * gap) {
            String from = names.get(random.nextInt(accounts));
            String other = names.get(random.nextInt(accounts - 1));
            String to = other.equals(from) ? names.get(accounts - 1) : other;
            int amount = 1 + random.nextInt(100);
            Transfers app = apps.get(random.nextInt(apps.size()));
            sim.at((long) t, "transfer", () -> start(app, from, to, amount));
        }
        sim.every(Time.ms(10), "audit", this::audit);
        sim.runFor(DURATION + Time.seconds(3));
        audit();
    }

    private void start(Transfers app, String from, String to, int amount) {
        issued++;
        long begun = sim.now();
        boolean canPay = db.isUp() && db.peek(from).value() >= amount;
        if (canPay) {
            feasible++;
        }
        int[] answers = {0};
        app.transfer(from, to, amount, ok -> {
            if (++answers[0] > 1) {
                answeredTwice++;
                return;
            }
            latency.record(sim.now() - begun);
            if (ok) {
                succeeded++;
                if (canPay) {
                    feasibleSucceeded++;
                }
                expected.merge(from, -amount, Integer::sum);
                expected.merge(to, amount, Integer::sum);
            } else {
                refused++;
            }
        });
    }

    private void audit() {
        long sum = 0;
        for (String account : initial.keySet()) {
            Integer balance = db.peek(account).value();
            sum += balance;
            if (balance < 0 && negative == null) {
                negative = String.format(Locale.ROOT, "seed %d: at t=%.3f s %s had a balance of %d: a transfer "
                        + "must check the balance and write it in the same transaction, holding the row's lock "
                        + "(readForUpdate), or two transfers both see enough money and both take it",
                        seed, Time.toSeconds(sim.now()), account, balance);
            }
        }
        if (sum != total && firstLoss == null) {
            firstLoss = String.format(Locale.ROOT, "at t=%.3f s", Time.toSeconds(sim.now()));
            firstLossTotal = sum;
        }
        if (times.size() < 1_000) {
            times.add(Time.toSeconds(sim.now()));
            totals.add((double) (sum - total));
        }
    }

    private void attach() {
        if (attached) {
            return;
        }
        attached = true;
        Figures.attach(
                new TimeSeriesChart(String.format(Locale.ROOT,
                        "Sum of all balances minus the %,d at the start, database crashes shaded (seed %d)", total, seed),
                        "money gained (+) or lost (-)", List.of(
                        new TimeSeriesChart.Series("all balances - start", times, totals)),
                        Fault.bands(db.faults(), sim.now())),
                new BarChart(String.format(Locale.ROOT, "Transfers by outcome (seed %d)", seed), "outcome", "transfers",
                        List.of("done(true)", "done(false)", "no answer"),
                        List.of((double) succeeded, (double) refused, (double) (issued - succeeded - refused))));
    }

    void showFigures() {
        attach();
    }

    /** At the end, the accounts hold what they held at the start. */
    void assertConserved() {
        long sum = initial.keySet().stream().mapToLong(a -> db.peek(a).value()).sum();
        if (sum != total) {
            attach();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: the accounts held %,d at the start and %,d at the end: money %s. %s",
                    seed, total, sum, sum < total ? "vanished" : "appeared",
                    db.faults().isEmpty()
                            ? "Every transfer must take from one account exactly what it gives to the other"
                            : "The debit and the credit were two separate writes: when the database crashed between "
                            + "them, one stayed and the other never happened. Per-row atomicity (compare-and-set) "
                            + "is not enough; put both writes in one transaction (db.begin()) and commit once, so a "
                            + "crash keeps both or neither"));
        }
    }

    /** A report summing every balance, every 10 ms, always found the same total. */
    void assertNoMoneyInFlight() {
        if (firstLoss != null) {
            attach();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: %s a report summing every committed balance found %,d, not %,d: between a transfer's "
                            + "debit and its credit the money was in neither account, and every reader could see "
                            + "it. In one transaction the commit makes both writes visible at once (isolation)",
                    seed, firstLoss, firstLossTotal, total));
        }
    }

    /** No balance went below zero. */
    void assertNeverNegative() {
        if (negative != null) {
            attach();
            throw new AssertionError(negative);
        }
    }

    /** Each account ends where the acknowledged transfers say, and every transfer answered once. */
    void assertAcknowledgedMeansApplied() {
        if (answeredTwice > 0 || succeeded + refused != issued) {
            attach();
            throw new AssertionError(String.format(Locale.ROOT, "seed %d: of %,d transfers, %,d never called done "
                    + "and %,d called it more than once: call done exactly once for each transfer, false on every "
                    + "failure (a DOWN, CRASHED, DEADLOCK or LOCK_TIMEOUT reply)", seed, issued,
                    issued - succeeded - refused, answeredTwice));
        }
        for (Map.Entry<String, Integer> account : expected.entrySet()) {
            int actual = db.peek(account.getKey()).value();
            if (actual != account.getValue()) {
                attach();
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: %s ends at %d, but the transfers you answered done(true) leave it at %d: done(true) "
                                + "must mean the transfer committed, done(false) that nothing changed (roll back, "
                                + "and never leave half a transfer behind)",
                        seed, account.getKey(), actual, account.getValue()));
            }
        }
    }

    /** Transfers that could be paid mostly went through, quickly. */
    void assertProgress() {
        double share = feasible == 0 ? 1 : feasibleSucceeded / (double) feasible;
        if (share < 0.7) {
            attach();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: only %.0f%% of the %,d transfers whose source had the money went through; at least 70%% "
                            + "should (the rest may fail in a crash or a deadlock). Refusing is safe but useless: "
                            + "answer done(false) only when the source lacks the money or the database failed",
                    seed, 100 * share, feasible));
        }
        double p99 = Time.toMillis(latency.percentile(99));
        if (p99 > P99_MS) {
            attach();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: transfers took %.0f ms at p99 (at most %d ms; one takes about 8 ms alone). Lock only "
                            + "the two rows a transfer touches, in a fixed order (by name) so opposite transfers do "
                            + "not deadlock: a lock that every transfer takes makes them all queue behind each other",
                    seed, p99, P99_MS));
        }
    }

    void assertAll() {
        assertConserved();
        assertNoMoneyInFlight();
        assertNeverNegative();
        assertAcknowledgedMeansApplied();
        assertProgress();
    }
}
