import dev.loadbearing.sim.broker.Broker;
import dev.loadbearing.sim.broker.ConsumerGroup;
import dev.loadbearing.sim.broker.Delivery;
import dev.loadbearing.sim.broker.Topic;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Payments published on a partitioned topic for {@code seconds} (Poisson arrivals, keyed by
 * account) and booked by a consumer group of LedgerConsumers into one shared database. The broker
 * delivers at least once: a delivery not acknowledged within the ack timeout comes again, and it
 * gives up on a message (dead letter) only after 10 failed deliveries. Faults, each optional:
 * database calls that sometimes take longer than the ack timeout (so duplicates arrive while the
 * first delivery is still being handled), consumer processes that crash (their database
 * connection dies with them, a replacement starts half a second later with a new LedgerConsumer),
 * malformed messages, and a database outage.
 *
 * <p>The checks read only what a user of the ledger would see: every committed balance, the
 * dead-letter queue and the group's lag.
 */
final class PaymentStream {
    static final long ACK_TIMEOUT = Time.seconds(1);
    static final int BROKER_MAX_DELIVERIES = 10;
    static final long DRAIN = Time.seconds(10);
    static final long RESTART_DELAY = Time.ms(500);

    /** What to run; {@link #calm} is the friendliest. */
    record Setup(int partitions, int consumers, int accounts, double rate, int seconds, double poison,
            double slowCalls, int crashes, boolean databaseOutage) {
        static Setup calm() {
            return new Setup(6, 3, 24, 180, 10, 0, 0, 0, false);
        }

        Setup slowCalls(double share) {
            return new Setup(partitions, consumers, accounts, rate, seconds, poison, share, crashes, databaseOutage);
        }

        Setup crashes(int count) {
            return new Setup(partitions, consumers, accounts, rate, seconds, poison, slowCalls, count, databaseOutage);
        }

        Setup poison(double share) {
            return new Setup(partitions, consumers, accounts, rate, seconds, share, slowCalls, crashes, databaseOutage);
        }

        Setup withDatabaseOutage() {
            return new Setup(partitions, consumers, accounts, rate, seconds, poison, slowCalls, crashes, true);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d partitions, %d consumers, %d accounts, %.0f payments/s for %d s, "
                    + "%.1f%% malformed, %.1f%% slow database calls, %d consumer crashes%s", partitions, consumers,
                    accounts, rate, seconds, 100 * poison, 100 * slowCalls, crashes,
                    databaseOutage ? ", a database outage" : "");
        }
    }

    /** One published message and what the test knows about it. */
    record Published(String id, String account, long cents, boolean poison, String body, int partition, long offset,
            long at) {
    }

    /** A committed balance. */
    record Change(long at, long balance) {
    }

    final long seed;
    final Setup setup;
    private final Sim sim;
    private final Datastore<Long> db;
    private final Topic<String> topic;
    private final ConsumerGroup<String> group;
    private final List<Published> published = new ArrayList<>();
    private final Map<String, List<Published>> byAccount = new TreeMap<>();
    private final Map<String, List<Change>> changes = new TreeMap<>();
    private final Map<String, List<String>> deliveries = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Long> crashTimes = new ArrayList<>();
    private final Map<String, Long> doomed = new LinkedHashMap<>();
    private Function<Datastore<Long>, LedgerConsumer> factory;
    private int started;
    private final long end;
    private boolean attached;

    PaymentStream(Function<Datastore<Long>, LedgerConsumer> consumers, long seed, Setup setup) {
        this.seed = seed;
        this.setup = setup;
        this.sim = new Sim(seed);
        RandomStream random = sim.random("payments");
        double slow = setup.slowCalls();
        Distribution fast = Distribution.uniform(Time.ms(1), Time.ms(3));
        Distribution stalled = Distribution.uniform(Time.ms(1_050), Time.ms(1_400));
        this.db = new Datastore<Long>(sim, "ledger")
                .readLatency(Distribution.uniform(Time.ms(0.5), Time.ms(1.5)))
                .writeLatency(r -> r.nextDouble() < slow ? stalled.sample(r) : fast.sample(r));
        db.onCommit(rows -> {
            for (Row<Long> row : rows) {
                if (row.key().startsWith("balance:")) {
                    changes.computeIfAbsent(row.key().substring("balance:".length()), k -> new ArrayList<>())
                            .add(new Change(sim.now(), row.value() == null ? 0 : row.value()));
                }
            }
        });
        Broker broker = new Broker(sim, "broker").deliveryLatency(Distribution.uniform(Time.ms(1), Time.ms(3)))
                .ackTimeout(ACK_TIMEOUT).maxDeliveries(BROKER_MAX_DELIVERIES);
        this.topic = broker.topic("payments", setup.partitions());
        this.group = topic.group("ledger");
        List<String> accounts = new ArrayList<>();
        while (accounts.size() < setup.accounts()) {
            String account = "acct-" + (100 + random.nextInt(9_900));
            if (!accounts.contains(account)) {
                accounts.add(account);
            }
        }
        long duration = Time.seconds(setup.seconds());
        Distribution gaps = Distribution.exponential(Time.seconds(1) / setup.rate());
        int n = 0;
        for (long t = gaps.sampleNanos(random); t < duration; t += gaps.sampleNanos(random)) {
            n++;
            String id = "pay-" + n;
            String account = accounts.get(random.nextInt(accounts.size()));
            long cents = random.chance(0.3) ? -(1 + random.nextInt(5_000)) : 1 + random.nextInt(20_000);
            boolean poison = random.chance(setup.poison());
            String body = poison ? malformed(random, id, account, cents) : id + " " + account + " " + cents;
            long at = t;
            sim.at(t, "publish " + id, () -> {
                int partition = topic.partitionOf(account);
                long offset = topic.publish(account, body);
                Published p = new Published(id, account, cents, poison, body, partition, offset, at);
                published.add(p);
                byAccount.computeIfAbsent(account, k -> new ArrayList<>()).add(p);
            });
        }
        this.factory = consumers;
        for (int i = 0; i < setup.consumers(); i++) {
            start();
        }
        RandomStream chaos = sim.random("chaos");
        for (int i = 0; i < setup.crashes(); i++) {
            long slot = (duration - Time.seconds(3)) / setup.crashes();
            long at = Time.seconds(2) + i * slot + (long) (chaos.nextDouble() * slot * 0.6);
            sim.at(at, "pick a consumer to crash", () -> {
                List<String> live = group.consumers();
                // It crashes a few milliseconds into handling its next delivery: in the middle of the work.
                doomed.put(live.get(chaos.nextInt(live.size())), Time.ms(0.5 + 9 * chaos.nextDouble()));
            });
        }
        if (setup.databaseOutage()) {
            long at = Time.seconds(2) + (long) (chaos.nextDouble() * (duration - Time.seconds(4)));
            long length = Time.ms(300 + chaos.nextInt(500));
            db.crashAt(at);
            db.restartAt(at + length);
        }
        sim.runFor(duration + DRAIN);
        this.end = sim.now();
        faults.addAll(db.faults());
    }

    private static String malformed(RandomStream random, String id, String account, long cents) {
        return switch (random.nextInt(4)) {
            case 0 -> id + " " + account + " " + (cents / 100.0);                       // euros, not cents
            case 1 -> "{\"id\":\"" + id + "\",\"account\":\"" + account + "\",\"cents\":" + cents + "}";  // another schema
            case 2 -> id + " " + account;                                               // truncated
            default -> id + " " + account + " " + cents + "O";                        // a typo
        };
    }

    private void start() {
        String name = "ledger-" + ++started;
        LedgerConsumer consumer = factory.apply(db);
        group.join(name, delivery -> {
            deliveries.computeIfAbsent(delivery.partition() + "@" + delivery.offset(), k -> new ArrayList<>())
                    .add(String.format(Locale.ROOT, "attempt %d to %s at t=%.3f s", delivery.attempt(),
                            delivery.consumer(), Time.toSeconds(sim.now())));
            Long delay = doomed.remove(name);
            if (delay != null) {
                sim.after(delay, "crash " + name, () -> crash(name));
            }
            consumer.onDelivery(delivery);       // runs as the process "name": the group says so
        });
    }

    /** The process dies: the broker stops hearing from it, its database connection closes. */
    private void crash(String name) {
        crashTimes.add(sim.now());
        group.crash(name);
        sim.kill(name);                          // its database connection and pending replies die too
        faults.add(new Fault(name, sim.now(), sim.now() + RESTART_DELAY));
        sim.after(RESTART_DELAY, "start a consumer", this::start);
    }

    // ------------------------------------------------------------------------- checks

    private String where() {
        return String.format(Locale.ROOT, "seed %d (%s)", seed, setup);
    }

    private String seconds(long t) {
        return String.format(Locale.ROOT, "t=%.3f s", Time.toSeconds(t));
    }

    private String deliveriesOf(Published p) {
        List<String> list = deliveries.getOrDefault(p.partition() + "@" + p.offset(), List.of());
        return list.isEmpty() ? "never delivered" : "delivered " + list.size() + "×: " + String.join(", ", list);
    }

    private boolean deadLettered(Published p) {
        return deadLetter(p) != null;
    }

    private Delivery<String> deadLetter(Published p) {
        for (Delivery<String> d : group.deadLetters()) {
            if (d.partition() == p.partition() && d.offset() == p.offset()) {
                return d;
            }
        }
        return null;
    }

    /** Each account's balance went through the prefix sums of its payments, in order, each once. */
    void assertEachPaymentOnceInOrder() {
        for (Map.Entry<String, List<Published>> entry : byAccount.entrySet()) {
            String account = entry.getKey();
            List<Published> payments = new ArrayList<>();
            for (Published p : entry.getValue()) {
                if (!p.poison()) {
                    payments.add(p);
                }
            }
            long[] expected = new long[payments.size() + 1];
            for (int i = 0; i < payments.size(); i++) {
                expected[i + 1] = expected[i] + payments.get(i).cents();
            }
            int done = 0;                            // payments applied so far, in order
            List<Change> seen = changes.getOrDefault(account, List.of());
            for (int c = 0; c < seen.size(); c++) {
                Change change = seen.get(c);
                if (change.balance() == expected[done]) {
                    continue;                        // the same balance written again
                }
                if (done < payments.size() && change.balance() == expected[done + 1]) {
                    done++;
                    continue;
                }
                fail(explainChange(account, payments, expected, done, seen, c));
            }
            if (done < payments.size()) {
                fail(missing(account, payments, expected, done));
            }
        }
    }

    /** Why payments.get(done) never took effect. */
    private String missing(String account, List<Published> payments, long[] expected, int done) {
        Published missing = payments.get(done);
        String why;
        if (deadLettered(missing)) {
            why = "it went to the dead-letter queue (" + deliveriesOf(missing) + "). It is a valid payment: only a "
                    + "message that can never succeed belongs there. A failure of the database (DOWN, CRASHED, "
                    + "LOCK_TIMEOUT) is temporary: leave the delivery unacknowledged and the broker delivers it again "
                    + "after the ack timeout (a nack redelivers at once, so nacking through a database outage spends "
                    + "all " + BROKER_MAX_DELIVERIES + " deliveries in milliseconds)";
        } else if (group.committedOffset(missing.partition()) > missing.offset()) {
            why = "it was acknowledged (its partition moved past it) but its change never committed ("
                    + deliveriesOf(missing) + "). Acknowledge only after the commit succeeded: if the process "
                    + "crashes or the database fails between the ack and the commit, the broker will never deliver "
                    + "it again. (If your consumer took it for a duplicate: payment ids start again at pay-1 in "
                    + "every run, and a new process starts with nothing, so memory outside the database, such as a "
                    + "static field, remembers payments this ledger never booked.)";
        } else {
            Published stuck = find(missing.partition(), group.committedOffset(missing.partition()));
            why = String.format(Locale.ROOT, "it was never finished: %s after the last publish its partition %d is "
                    + "still stuck at offset %d%s. Every delivery must end: ack it once its change is committed, "
                    + "dead-letter it if it can never succeed", Time.format(DRAIN), missing.partition(),
                    group.committedOffset(missing.partition()),
                    stuck == null ? "" : " (\"" + stuck.body() + "\", " + deliveriesOf(stuck) + ")");
        }
        return String.format(Locale.ROOT, "%s: %s of %s (%+d cents, published at %s) never reached the ledger: "
                + "%s. %s ends at %d cents; it should be %d.", where(), missing.id(), account, missing.cents(),
                seconds(missing.at()), why, account, balance(account), expected[payments.size()]);
    }

    private long balance(String account) {
        List<Change> seen = changes.getOrDefault(account, List.of());
        return seen.isEmpty() ? 0 : seen.get(seen.size() - 1).balance();
    }

    private String explainChange(String account, List<Published> payments, long[] expected, int done,
            List<Change> seen, int index) {
        Change change = seen.get(index);
        long delta = change.balance() - expected[done];
        String base = String.format(Locale.ROOT, "%s: at %s %s's balance became %d cents, but after its first %d "
                + "payment(s) in published order it was %d and the next one (%s) makes it %d. ", where(),
                seconds(change.at()), account, change.balance(), done, expected[done],
                done < payments.size() ? payments.get(done).id() : "none", done < payments.size()
                        ? expected[done + 1] : expected[done]);
        for (int i = 0; i < done; i++) {
            Published twice = payments.get(i);
            if (twice.cents() == delta) {
                return base + String.format(Locale.ROOT, "That is %s (%+d cents) applied a second time: it was %s. "
                        + "At-least-once delivery sends a message again whenever its ack did not arrive in time (a "
                        + "crash after the commit, a slow database call that outlived the ack timeout). Record the "
                        + "payment's id in the same transaction as the balance, and skip a delivery whose id is "
                        + "already there; read it under the balance row's lock (readForUpdate the balance first), so "
                        + "two deliveries of one payment cannot both see it missing. A set in memory does not "
                        + "survive the crash, and another consumer cannot see it.", twice.id(), twice.cents(),
                        deliveriesOf(twice));
            }
        }
        for (int i = done + 1; i < payments.size(); i++) {
            Published early = payments.get(i);
            if (early.cents() == delta) {
                boolean appliedLater = false;
                for (int c = index + 1; c < seen.size(); c++) {
                    appliedLater |= seen.get(c).balance() - seen.get(c - 1).balance() == payments.get(done).cents();
                }
                if (!appliedLater) {
                    return missing(account, payments, expected, done);
                }
                return base + String.format(Locale.ROOT, "That is %s (%+d cents) applied before %s, which was "
                        + "published earlier for the same account: payments of one key must take effect in the "
                        + "order they were published. The broker delivers a partition in order, one message at a "
                        + "time; keep it that way by finishing (committing, then acking) one message before you "
                        + "ack it.", early.id(), early.cents(), payments.get(done).id());
            }
        }
        return base + "No single payment explains that change: a balance must change only by whole payments, each "
                + "applied once, in published order, and a malformed message must change nothing.";
    }

    /** Every malformed message is in the dead-letter queue, delivered at most {@code tries} times. */
    void assertPoisonDeadLettered(int tries) {
        for (Published p : published) {
            if (!p.poison()) {
                continue;
            }
            Delivery<String> dead = deadLetter(p);
            if (dead == null) {
                boolean finished = group.committedOffset(p.partition()) > p.offset();
                fail(String.format(Locale.ROOT, "%s: the malformed message %s (partition %d, offset %d, body \"%s\") "
                        + "%s. A message you cannot handle must go to the dead-letter queue "
                        + "(delivery.deadLetter()), where someone can look at it and replay it once fixed; an ack "
                        + "throws it away without a trace.", where(), p.id(), p.partition(), p.offset(), p.body(),
                        finished ? "was acknowledged and dropped (" + deliveriesOf(p) + ")"
                                : "was never finished (" + deliveriesOf(p) + ")"));
            }
            if (dead.attempt() > tries) {
                fail(String.format(Locale.ROOT, "%s: the malformed message %s (partition %d, offset %d, body \"%s\") "
                        + "was delivered %d times before the broker gave up on it (it allows %d). Payment.parse fails "
                        + "the same way every time: retrying a poison message only holds up the messages behind it on "
                        + "its partition. Dead-letter it (delivery.deadLetter()) by its %s delivery at the latest "
                        + "(delivery.attempt()).", where(), p.id(), p.partition(), p.offset(), p.body(),
                        dead.attempt(), BROKER_MAX_DELIVERIES, tries == 3 ? "third" : "#" + tries));
            }
        }
        for (Delivery<String> dead : group.deadLetters()) {
            Published p = find(dead.partition(), dead.offset());
            if (p != null && !p.poison()) {
                fail(String.format(Locale.ROOT, "%s: %s (\"%s\", a valid payment) went to the dead-letter queue "
                        + "(%s). Only a message that can never succeed belongs there: a database failure is "
                        + "temporary, so leave the delivery unacknowledged and the broker delivers it again after "
                        + "the ack timeout.", where(), p.id(), p.body(), deliveriesOf(p)));
            }
        }
    }

    private Published find(int partition, long offset) {
        for (Published p : published) {
            if (p.partition() == partition && p.offset() == offset) {
                return p;
            }
        }
        return null;
    }

    /**
     * After each crash the group's lag falls back to at most {@code seconds} of traffic within
     * {@code within}, and at the end every message is finished.
     */
    void assertLagRecovers(long within, double seconds) {
        long bound = Math.round(setup.rate() * seconds);
        for (long crash : crashTimes) {
            long back = recovery(crash, bound);
            if (back < 0 || back - crash > within) {
                fail(String.format(Locale.ROOT, "%s: after the consumer crash at %s the group's lag stayed over %d "
                        + "messages (%.1f s of traffic) for %s (at most %s allowed; it was %d at %s). After a crash "
                        + "the broker waits the ack timeout (%s) before it redelivers what the dead process held, and "
                        + "its partitions move to the others at once; then they must catch up. A consumer that "
                        + "catches up slowly does too much per message (extra database calls, a row every partition "
                        + "locks), retries a poison message, or waits for ack timeouts it could avoid. Look at the "
                        + "lag chart.", where(), seconds(crash), bound, seconds,
                        back < 0 ? "the rest of the run" : Time.format(back - crash), Time.format(within),
                        lagAt(crash + within), seconds(crash + within), Time.format(ACK_TIMEOUT)));
            }
        }
        assertAllFinished();
    }

    /** While payments are published, the lag is on average at most {@code seconds} of traffic. */
    void assertKeepsUp(double seconds) {
        double mean = meanLag();
        if (mean > setup.rate() * seconds) {
            fail(String.format(Locale.ROOT, "%s: while payments were published the group was on average %.0f "
                    + "messages behind, %.2f s of traffic (at most %.2f s allowed): the consumers do not keep up. "
                    + "Partitions are handled in parallel, one message at a time each; anything that makes every "
                    + "partition wait for the others (a row every transaction locks) or adds work to each message "
                    + "(more database calls than needed) adds up. Look at the lag chart.", where(), mean,
                    mean / setup.rate(), seconds));
        }
    }

    /** The time-average lag while payments were published. */
    double meanLag() {
        double sum = 0;
        int samples = 0;
        for (long t = Time.ms(100); t <= Time.seconds(setup.seconds()); t += Time.ms(100)) {
            sum += lagAt(t);
            samples++;
        }
        return sum / samples;
    }

    /** {@link #DRAIN} after the last publish, every message is acknowledged or dead-lettered. */
    void assertAllFinished() {
        if (group.lag() > 0) {
            fail(String.format(Locale.ROOT, "%s: %s after the last payment was published, %d messages are still "
                    + "not finished (neither acknowledged nor dead-lettered). Every delivery must end in an ack once "
                    + "its effect is committed, or in the dead-letter queue if it can never succeed.", where(),
                    Time.format(DRAIN), group.lag()));
        }
    }

    /** The first time from a second after the crash at which the lag is at most {@code bound}, or -1. */
    private long recovery(long crash, long bound) {
        for (long t = crash + ACK_TIMEOUT; t <= end; t += Time.ms(50)) {
            if (lagAt(t) <= bound) {
                return t;
            }
        }
        return -1;
    }

    /** How long after a crash the lag took to fall to {@code seconds} of traffic, the worst crash; for calibration. */
    long worstRecovery(double seconds) {
        long worst = 0;
        for (long crash : crashTimes) {
            long back = recovery(crash, Math.round(setup.rate() * seconds));
            worst = Math.max(worst, back < 0 ? Long.MAX_VALUE : back - crash);
        }
        return worst;
    }

    private long lagAt(long time) {
        long lag = 0;
        for (int p = 0; p < topic.partitions(); p++) {
            lag += group.lagAt(p, time);
        }
        return lag;
    }

    long redeliveries() {
        return group.redeliveries();
    }

    private void fail(String message) {
        showFigures();
        throw new AssertionError(message);
    }

    void showFigures() {
        if (attached) {
            return;
        }
        attached = true;
        List<Band> bands = Fault.bands(faults, end);
        List<Double> times = new ArrayList<>();
        List<Double> lags = new ArrayList<>();
        long bucket = Time.ms(100);
        for (long t = 0; t <= end; t += bucket) {
            times.add(Time.toSeconds(t));
            lags.add((double) lagAt(t));
        }
        long malformed = 0;
        for (Published p : published) {
            if (p.poison()) {
                malformed++;
            }
        }
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                        "Consumer lag of the ledger group, all %d partitions; each crash and outage is a band (seed %d)",
                        setup.partitions(), seed),
                        "messages not yet finished", List.of(new TimeSeriesChart.Series("lag", times, lags)), bands),
                new BarChart(String.format(Locale.ROOT, "What the broker saw, of %,d messages (seed %d)",
                        published.size(), seed), "", "messages",
                        List.of("redeliveries", "acks ignored (too late)", "malformed published", "dead letters"),
                        List.of((double) group.redeliveries(), (double) group.ignoredAcks(), (double) malformed,
                                (double) group.deadLetters().size())));
    }
}
