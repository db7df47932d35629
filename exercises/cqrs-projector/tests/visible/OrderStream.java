import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.eventlog.EventLog;
import dev.loadbearing.sim.eventlog.LogEvent;
import dev.loadbearing.sim.eventlog.Projection;
import dev.loadbearing.sim.eventlog.ReadModel;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Row;
import dev.loadbearing.sim.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * A shop's order events at a steady rate (with an optional spike), fed to the projector under
 * test at least once, with an optional projector crash; and the checks of what it built. The
 * events are appended to an event log, or ({@link #fromDatabase}) committed as rows of a
 * database whose change stream the projector reads.
 */
final class OrderStream {
    static final long LAG_LIMIT = Time.ms(500);
    static final int BATCH = 100;

    final long seed;
    final Sim sim;
    final EventLog<OrderEvent> log;
    final ReadModel<CustomerSummary> view = new ReadModel<>("customer summaries");
    final Projection<OrderEvent, CustomerSummary> projection;
    final double rate;
    final long duration;
    final double duplicates;
    private long crashAt = -1;
    private long restartAt = -1;
    private long committedAtCrash = -1;
    private String spike = "";
    private String source = "";
    private final Shop shop;
    private Datastore<OrderEvent> db;

    /**
     * @param seed the run's seed
     * @param rate events per second
     * @param seconds how long orders come in
     * @param customers how many customers order
     * @param duplicates the share of events delivered twice
     */
    OrderStream(long seed, double rate, double seconds, int customers, double duplicates) {
        this(seed, rate, seconds, customers, duplicates, -1);
    }

    /**
     * The same shop on a database: each order is a row holding its latest event, written by a
     * transaction of its own (read for update, write, commit), and the projector reads the
     * database's change stream {@code lag} behind the commits, mapped to the rows' values.
     */
    static OrderStream fromDatabase(long seed, double rate, double seconds, int customers, double duplicates, long lag) {
        return new OrderStream(seed, rate, seconds, customers, duplicates, lag);
    }

    private OrderStream(long seed, double rate, double seconds, int customers, double duplicates, long lag) {
        this.seed = seed;
        this.sim = new Sim(seed);
        BiConsumer<String, OrderEvent> write;
        if (lag < 0) {
            this.log = new EventLog<>(sim, "orders");
            write = log::append;
        } else {
            Datastore<OrderEvent> orders = new Datastore<OrderEvent>(sim, "orders-db")
                    .readLatency(Distribution.uniform(Time.ms(0.5), Time.ms(1.5)))
                    .writeLatency(Distribution.uniform(Time.ms(1), Time.ms(4)));
            this.db = orders;
            this.log = orders.changeStream(lag).map("orders", Row::value);
            this.source = String.format(Locale.ROOT, ", read from the database's change stream %.0f ms behind its commits",
                    Time.toMillis(lag));
            write = (order, event) -> {
                Transaction<OrderEvent> tx = orders.begin();
                tx.readForUpdate(order, row -> tx.write(order, event, written -> tx.commit(null)));
            };
        }
        this.rate = rate;
        this.duration = Time.seconds(seconds);
        this.duplicates = duplicates;
        this.projection = new Projection<>(sim, "summaries", log, view, OrderSummaryProjector::new)
                .batchSize(BATCH).fetchLatency(Time.ms(1)).commitCost(Time.ms(2))
                .readCost(Time.micros(20)).writeCost(Time.micros(40)).logReadCost(Time.micros(20))
                .duplicates(duplicates, Time.ms(200));
        this.shop = new Shop(sim, write, customers, rate, duration);
        shop.start();
    }

    /** Crashes the database at {@code at} seconds for {@code down} seconds: transactions in flight are lost. */
    OrderStream crashDatabase(double at, double down) {
        db.crashAt(Time.seconds(at));
        db.restartAt(Time.seconds(at + down));
        source += String.format(Locale.ROOT, ", the database down from %.2f s to %.2f s", at, at + down);
        return this;
    }

    /** Multiplies the rate by {@code factor} from {@code from} for {@code seconds}. */
    OrderStream spike(double from, double seconds, double factor) {
        shop.spike = new double[] {from, from + seconds, factor};
        spike = String.format(Locale.ROOT, ", a %.0f\u00d7 spike at %.1f s", factor, from);
        return this;
    }

    /** Crashes the projector at {@code at} seconds and restarts it {@code down} seconds later. */
    OrderStream crash(double at, double down) {
        crashAt = Time.seconds(at);
        restartAt = Time.seconds(at + down);
        projection.crashAt(crashAt);
        sim.at(restartAt - 1, "note the committed position", () -> committedAtCrash = projection.committedThrough());
        projection.restartAt(restartAt);
        return this;
    }

    OrderStream run() {
        projection.start();
        sim.run();
        return this;
    }

    String setting() {
        return String.format(Locale.ROOT, "seed %d, %.0f events/s for %.0f s, %.0f%% duplicates%s%s%s",
                seed, rate, Time.toSeconds(duration), duplicates * 100, source, spike,
                crashAt < 0 ? "" : String.format(Locale.ROOT, ", projector crashed at %.2f s and restarted at %.2f s",
                        Time.toSeconds(crashAt), Time.toSeconds(restartAt)));
    }

    /** What the read model must hold: every event applied once, in order. */
    Map<String, CustomerSummary> expected() {
        Map<String, CustomerSummary> rows = new TreeMap<>();
        for (LogEvent<OrderEvent> event : log.events()) {
            OrderEvent e = event.value();
            CustomerSummary s = rows.getOrDefault(e.customer(), CustomerSummary.NONE);
            String activity = event.entity() + " " + e.type().name().toLowerCase(Locale.ROOT);
            rows.put(e.customer(), switch (e.type()) {
                case PLACED -> new CustomerSummary(s.orders() + 1, s.open() + 1, s.spentCents(), activity);
                case PAID -> new CustomerSummary(s.orders(), s.open(), s.spentCents() + e.amountCents(), activity);
                case SHIPPED -> new CustomerSummary(s.orders(), s.open() - 1, s.spentCents(), activity);
                case CANCELLED -> new CustomerSummary(s.orders(), s.open() - 1, s.spentCents() - e.amountCents(), activity);
            });
        }
        return rows;
    }

    private static String show(CustomerSummary s) {
        return s == null ? "no row" : String.format(Locale.ROOT, "%d orders, %d open, %d cents spent, last \"%s\"",
                s.orders(), s.open(), s.spentCents(), s.lastActivity());
    }

    private static boolean same(CustomerSummary a, CustomerSummary b) {
        return a != null && b != null && a.orders() == b.orders() && a.open() == b.open()
                && a.spentCents() == b.spentCents() && a.lastActivity().equals(b.lastActivity());
    }

    private static List<String> differing(Map<String, CustomerSummary> want, Map<String, CustomerSummary> got) {
        TreeSet<String> keys = new TreeSet<>(want.keySet());
        keys.addAll(got.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            if (!same(want.get(key), got.get(key))) {
                out.add(key);
            }
        }
        return out;
    }

    void assertMatchesExpected() {
        Map<String, CustomerSummary> want = expected();
        Map<String, CustomerSummary> got = view.rows();
        List<String> wrong = differing(want, got);
        if (wrong.isEmpty()) {
            return;
        }
        String key = wrong.get(0);
        CustomerSummary w = want.get(key);
        CustomerSummary g = got.get(key);
        String why;
        if (w == null) {
            why = " The log has no customer by that key: the read model holds only customers' rows, keyed by the customer "
                    + "(the position the rows include goes in view.savePosition, not in a row).";
        } else if (crashAt >= 0 && projection.stats().replayed() > BATCH) {
            why = " After the crash the new projector resumed after position " + resumedAfter() + " although the rows already held "
                    + "events up to #" + committedAtCrash + ", so " + projection.stats().replayed() + " events were applied a second "
                    + "time: a field does not survive a crash; resume from the position saved in the read model (view.position()).";
        } else if (g == null || (w != null && g.orders() < w.orders())) {
            why = " Some events never reached the rows: every event after the resume position must be applied.";
        } else if (projection.stats().duplicates() > 0) {
            why = " " + projection.stats().duplicates() + " events were delivered twice, and the projector applied some of them again "
                    + "(a second PLACED adds an order, a second SHIPPED closes one twice). Delivery is at least once, also across a "
                    + "restart, when the new projector's memory is empty: skip an event the rows already include, by the position "
                    + "saved with them (view.savePosition in the same batch, view.position() to compare).";
        } else {
            why = " An event was applied out of order, or one event's change landed on another customer's row.";
        }
        throw new AssertionError(String.format(Locale.ROOT,
                "%s: %d of %d customers' rows are wrong. %s should be [%s] but is [%s].%s",
                setting(), wrong.size(), want.size(), key, show(w), show(g), why));
    }

    void assertMatchesRebuild() {
        ReadModel<CustomerSummary> rebuilt = Projection.rebuild(log, "rebuilt", OrderSummaryProjector::new);
        List<String> wrong = differing(rebuilt.rows(), view.rows());
        Figures.attach(new BarChart("Live read model against a rebuild from scratch, seed " + seed, "rows", "customers",
                List.of("same as the rebuild", "different"),
                List.of((double) (view.rows().size() - wrong.size()), (double) wrong.size())));
        if (!wrong.isEmpty()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: the live read model (fingerprint %s) differs from a rebuild from scratch (fingerprint %s) in %d rows, "
                            + "e.g. %s is [%s] live and [%s] rebuilt. A projection must be a function of the log alone: "
                            + "duplicates, crashes and batch boundaries must not change what it builds.",
                    setting(), view.fingerprint(), rebuilt.fingerprint(), wrong.size(), wrong.get(0),
                    show(view.rows().get(wrong.get(0))), show(rebuilt.rows().get(wrong.get(0)))));
        }
    }

    long resumedAfter() {
        List<long[]> resumes = projection.resumes();
        return resumes.get(resumes.size() - 1)[1];
    }

    void assertResumesFromSavedPosition() {
        if (crashAt < 0) {
            return;
        }
        long resumed = resumedAfter();
        if (resumed < committedAtCrash - BATCH || projection.stats().replayed() > BATCH) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: the restarted projector resumed after position %d, but the read model had committed events up to #%d, "
                            + "so %d events were delivered again. A restart should replay at most the batch the crash interrupted: "
                            + "return the position saved with the rows (view.position()) from resumeAfter, not one kept in a field.",
                    setting(), resumed, committedAtCrash, projection.stats().replayed()));
        }
        if (resumed > committedAtCrash) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: the restarted projector resumed after position %d, but the read model only includes events up to #%d: "
                            + "events %d to %d would never be applied.", setting(), resumed, committedAtCrash, committedAtCrash + 1, resumed));
        }
        long recovered = projection.lagAt(restartAt + Time.seconds(3));
        if (recovered > LAG_LIMIT) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: 3 s after the restart the read model was still %.0f ms behind (at most %.0f ms): catching up must be faster "
                            + "than events arrive.", setting(), Time.toMillis(recovered), Time.toMillis(LAG_LIMIT)));
        }
    }

    void assertLagBounded() {
        long missing = projection.unprojected();
        if (missing > 0) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: %d of %d events never reached the read model.",
                    setting(), missing, log.lastPosition()));
        }
        long p99 = projection.lag().percentile(99);
        if (p99 > LAG_LIMIT) {
            double perBatch = Time.toMillis(projection.stats().maxBatchWork());
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: projection lag p99 was %.0f ms, over %.0f ms (max %.0f ms). The slowest batch's work took %.1f ms on top of "
                            + "the 2 ms commit%s", setting(), Time.toMillis(p99), Time.toMillis(LAG_LIMIT), Time.toMillis(projection.lag().max()),
                    perBatch, perBatch > 20 ? ": work that grows with the log (re-reading it with readLog, rebuilding on every batch) "
                            + "makes each batch slower than the last until the projector cannot keep up. Apply only the batch's new events."
                            : ". Each batch should cost a few reads and writes per event."));
        }
    }

    void showFigures() {
        long until = duration + Time.seconds(1);
        Figures.attach(projection.lagChart("Read model lag behind the log: " + setting(), until, Math.max(Time.ms(50), until / 400)));
    }

    /** The shop: orders placed, paid, shipped or cancelled, at a Poisson rate. */
    static final class Shop {
        double[] spike;                                        // {from s, to s, factor}
        private final Sim sim;
        private final BiConsumer<String, OrderEvent> write;      // appends to the log, or commits a row
        private final int customers;
        private final double rate;
        private final long duration;
        private final RandomStream random;
        private final List<long[]> active = new ArrayList<>();  // {order, customer, stage (0 placed, 1 paid), amount}
        private long nextOrder = 1;

        Shop(Sim sim, BiConsumer<String, OrderEvent> write, int customers, double rate, long duration) {
            this.sim = sim;
            this.write = write;
            this.customers = customers;
            this.rate = rate;
            this.duration = duration;
            this.random = sim.random("shop");
        }

        void start() {
            sim.after(gap(), "order event", this::event);
        }

        private long gap() {
            double r = rate;
            double t = Time.toSeconds(sim.now());
            if (spike != null && t >= spike[0] && t < spike[1]) {
                r *= spike[2];
            }
            return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) / r * Time.SECOND));
        }

        private void event() {
            if (sim.now() > duration) {
                return;
            }
            if (active.size() < 30 || random.chance(0.34)) {
                long order = nextOrder++;
                long customer = random.nextInt(customers);
                long amount = 500 + random.nextInt(20_000);
                active.add(new long[] {order, customer, 0, amount});
                write.accept("order-" + order, new OrderEvent(OrderEvent.Type.PLACED, "customer-" + customer, amount));
            } else {
                int i = random.nextInt(active.size());
                long[] o = active.get(i);
                String order = "order-" + o[0];
                String customer = "customer-" + o[1];
                if (o[2] == 0 && random.chance(0.85)) {
                    o[2] = 1;
                    write.accept(order, new OrderEvent(OrderEvent.Type.PAID, customer, o[3]));
                } else if (o[2] == 1 && random.chance(0.9)) {
                    active.remove(i);
                    write.accept(order, new OrderEvent(OrderEvent.Type.SHIPPED, customer, 0));
                } else {
                    active.remove(i);
                    write.accept(order, new OrderEvent(OrderEvent.Type.CANCELLED, customer, o[2] == 1 ? o[3] : 0));
                }
            }
            sim.after(gap(), "order event", this::event);
        }
    }
}
