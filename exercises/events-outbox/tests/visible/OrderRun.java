import dev.loadbearing.sim.broker.Broker;
import dev.loadbearing.sim.broker.ConsumerGroup;
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
import java.util.function.BiFunction;

/**
 * Customers place orders (Poisson arrivals) with the order service for {@code seconds}; the
 * service stores them in its database and must get one OrderPlaced event per stored order onto
 * the "orders" topic. The service process crashes {@code crashes} times, each a few milliseconds
 * into handling an order or into its background tick (its database connection and pending
 * callbacks die with it; a new instance starts 100 ms later); the database and the broker may
 * each go down once. Then {@link #DRAIN} of calm lets the service catch up.
 *
 * <p>The checks compare the orders committed in the database with the events on the topic
 * (read by an audit consumer group): none lost, none for an order that was never stored.
 */
final class OrderRun {
    static final long DRAIN = Time.seconds(6);
    static final long TICK = Time.ms(20);
    static final long RESTART = Time.ms(100);

    record Setup(double rate, int seconds, int crashes, boolean databaseOutage, boolean brokerOutage) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f orders/s for %d s, %d service crashes%s%s", rate, seconds,
                    crashes, databaseOutage ? ", a database outage" : "", brokerOutage ? ", a broker outage" : "");
        }
    }

    final long seed;
    final Setup setup;
    private final Sim sim;
    private final Datastore<String> db;
    private final Broker broker;
    private final BiFunction<Datastore<String>, Topic<String>, OrderService> factory;
    private final Topic<String> topic;
    private final Map<String, Long> committedAt = new TreeMap<>();
    private final Map<String, String> offeredTo = new TreeMap<>();
    private final List<String> eligible = new ArrayList<>();
    private final Map<String, List<Long>> eventsAt = new TreeMap<>();
    private final Map<String, Long> offeredAt = new LinkedHashMap<>();
    private final Map<String, Boolean> answers = new TreeMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Long> crashes = new ArrayList<>();
    private final Map<String, Long> deaths = new TreeMap<>();
    private final long end;
    private String live;
    private OrderService service;
    private int started;
    private long armed = -1;
    private boolean armOnTick;
    private boolean attached;

    OrderRun(BiFunction<Datastore<String>, Topic<String>, OrderService> factory, long seed, Setup setup) {
        this.seed = seed;
        this.setup = setup;
        this.factory = factory;
        this.sim = new Sim(seed);
        this.db = new Datastore<String>(sim, "orders-db")
                .readLatency(Distribution.uniform(Time.ms(0.5), Time.ms(1.5)))
                .writeLatency(Distribution.uniform(Time.ms(1), Time.ms(3)));
        db.onCommit(rows -> {
            for (Row<String> row : rows) {
                if (row.key().startsWith("order:") && row.value() != null) {
                    String id = row.key().substring("order:".length());
                    committedAt.putIfAbsent(id, sim.now());
                }
            }
        });
        this.broker = new Broker(sim, "broker").publishLatency(Distribution.uniform(Time.ms(2), Time.ms(6)))
                .deliveryLatency(Distribution.constant(Time.ms(1)));
        this.topic = broker.topic("orders", 4);
        ConsumerGroup<String> audit = topic.group("audit");
        audit.join("audit", delivery -> {
            if (delivery.attempt() == 1) {
                eventsAt.computeIfAbsent(delivery.value(), k -> new ArrayList<>()).add(delivery.publishedAt());
            }
            delivery.ack();
        });
        RandomStream random = sim.random("customers");
        RandomStream chaos = sim.random("chaos");
        long duration = Time.seconds(setup.seconds());
        Distribution gaps = Distribution.exponential(Time.seconds(1) / setup.rate());
        int n = 0;
        for (long t = gaps.sampleNanos(random); t < duration; t += gaps.sampleNanos(random)) {
            String id = "o-" + ++n;
            sim.at(t, "order " + id, () -> place(id, chaos));
        }
        for (int i = 0; i < setup.crashes(); i++) {
            long slot = (duration - Time.seconds(1)) / Math.max(1, setup.crashes());
            long at = Time.ms(500) + i * slot + (long) (chaos.nextDouble() * slot * 0.5);
            boolean onTick = i % 3 == 2;
            sim.at(at, "arm a crash", () -> {
                armed = Time.ms(0.2 + 12 * chaos.nextDouble());
                armOnTick = onTick;
            });
        }
        if (setup.databaseOutage()) {
            long at = Time.seconds(1) + (long) (chaos.nextDouble() * (duration - Time.seconds(2)));
            db.crashAt(at);
            db.restartAt(at + Time.ms(300 + chaos.nextInt(400)));
        }
        if (setup.brokerOutage()) {
            long at = Time.seconds(1) + (long) (chaos.nextDouble() * (duration - Time.seconds(2)));
            broker.crashAt(at);
            broker.restartAt(at + Time.ms(300 + chaos.nextInt(400)));
        }
        start();
        sim.every(TICK, "tick", () -> {
            if (live != null) {
                String name = live;
                OrderService instance = service;
                maybeCrash(true, name);
                sim.runAs(name, instance::tick);
            }
        });
        sim.runFor(duration + DRAIN);
        this.end = sim.now();
        faults.addAll(db.faults());
        faults.addAll(broker.faults());
    }

    private void place(String id, RandomStream chaos) {
        offeredAt.put(id, sim.now());
        if (live == null) {
            answers.put(id, false);                       // the service is restarting: refused
            return;
        }
        String name = live;
        offeredTo.put(id, name);
        if (db.isUp()) {
            eligible.add(id);
        }
        maybeCrash(false, name);
        sim.runAs(name, () -> service.placeOrder(id, placed -> answers.putIfAbsent(id, placed)));
    }

    /** A crash armed for this kind of work goes off a few milliseconds into it. */
    private void maybeCrash(boolean tick, String name) {
        if (armed >= 0 && armOnTick == tick) {
            long delay = armed;
            armed = -1;
            sim.after(delay, "crash " + name, () -> crash(name));
        }
    }

    private void start() {
        live = "orders-" + ++started;
        service = factory.apply(db, topic);
    }

    private void crash(String name) {
        if (!name.equals(live)) {
            return;
        }
        sim.kill(name);
        crashes.add(sim.now());
        deaths.put(name, sim.now());
        // Only the first crash band is labelled: dozens of labels would sit on top of each other.
        faults.add(new Fault(crashes.size() == 1 ? "service crash" : "", sim.now(), sim.now() + RESTART));
        live = null;
        service = null;
        sim.after(RESTART, "restart the service", this::start);
    }

    // ------------------------------------------------------------------------- checks

    private String where() {
        return String.format(Locale.ROOT, "seed %d (%s)", seed, setup);
    }

    private static String at(long t) {
        return String.format(Locale.ROOT, "t=%.3f s", Time.toSeconds(t));
    }

    private String outageAround(long t) {
        for (Fault f : broker.faults()) {
            if (f.start() <= t + Time.ms(20) && (f.end() < 0 || f.end() >= t)) {
                return String.format(Locale.ROOT, " The broker was down from %s to %s.", at(f.start()), at(f.end()));
            }
        }
        return "";
    }

    /** Every stored order has at least one event; every event is of a stored order. */
    void assertNoLostOrPhantomEvents() {
        for (Map.Entry<String, Long> order : committedAt.entrySet()) {
            String id = order.getKey();
            if (!eventsAt.containsKey(id)) {
                String by = offeredTo.get(id);
                Long died = deaths.get(by);
                long stored = order.getValue();
                String why;
                if (died != null && died - stored < Time.seconds(1)) {
                    why = died <= stored
                            ? String.format(Locale.ROOT, " %s, the instance it was placed with, crashed at %s while "
                                    + "its write was on its way: the write landed, and what was to follow it never "
                                    + "happened.", by, at(died))
                            : String.format(Locale.ROOT, " %s, the instance it was placed with, crashed at %s, "
                                    + "%.1f ms after the commit, before its event was published.", by, at(died),
                                    (died - stored) / 1e6);
                    why += " The process that would publish (or retry) is the one that crashed, and a new instance "
                            + "knows nothing of what the old one meant to do.";
                } else if (!outageAround(stored).isEmpty()) {
                    why = outageAround(stored) + " A publish to a broker that is down fails; an event only in "
                            + "memory waits for a crash to lose it.";
                } else {
                    why = "";
                }
                fail(String.format(Locale.ROOT, "%s: order %s was stored at %s, but no OrderPlaced event for it ever "
                        + "reached the topic: a lost event.%s Store the event in the database in the same "
                        + "transaction as the order (an outbox row), and let tick() publish the outbox, marking a row "
                        + "sent only after the broker's ack.", where(), id, at(stored), why));
            }
        }
        for (Map.Entry<String, List<Long>> event : eventsAt.entrySet()) {
            String id = event.getKey();
            if (!committedAt.containsKey(id)) {
                fail(String.format(Locale.ROOT, "%s: an OrderPlaced event for %s was published at %s, but order %s was "
                        + "never stored: a phantom event (the customer asked at %s%s). Publishing before the "
                        + "commit announces an order that a crash or a failed commit then never creates: publish "
                        + "only what the database has committed.", where(), id, at(event.getValue().get(0)), id,
                        at(offeredAt.getOrDefault(id, 0L)), Boolean.TRUE.equals(answers.get(id))
                                ? " and was told it was placed" : ""));
            }
        }
        for (Map.Entry<String, Boolean> answer : answers.entrySet()) {
            if (answer.getValue() && !committedAt.containsKey(answer.getKey())) {
                fail(String.format(Locale.ROOT, "%s: the customer of %s was told the order was placed, but it was "
                        + "never stored. Answer true only after the commit succeeded.", where(), answer.getKey()));
            }
        }
    }

    /** At least {@code share} of the orders offered while the service and the database were up were stored. */
    void assertMostOrdersStored(double share) {
        long stored = eligible.stream().filter(committedAt::containsKey).count();
        double fraction = stored / (double) Math.max(1, eligible.size());
        if (fraction < share) {
            fail(String.format(Locale.ROOT, "%s: only %d of %d orders placed while the service and its database were "
                    + "up were stored (%.0f%%, at least %.0f%% expected). Losing no events by storing no orders is "
                    + "not the point: store every order you can, with its event in the same transaction.", where(),
                    stored, eligible.size(), 100 * fraction, 100 * share));
        }
    }

    /** Every event reached the topic within {@code within} of its order's commit, on average. */
    void assertEventsPromptly(long within) {
        double sum = 0;
        int count = 0;
        for (Map.Entry<String, Long> order : committedAt.entrySet()) {
            List<Long> events = eventsAt.get(order.getKey());
            if (events != null) {
                sum += Math.max(0, events.get(0) - order.getValue());
                count++;
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        if (mean > within) {
            fail(String.format(Locale.ROOT, "%s: events reached the topic on average %s after their order was "
                    + "stored (at most %s). The relay runs every %s: publish every row it finds, not one per tick.",
                    where(), Time.format((long) mean), Time.format(within), Time.format(TICK)));
        }
    }

    int crashPoints() {
        return crashes.size();
    }

    long duplicates() {
        long d = 0;
        for (List<Long> e : eventsAt.values()) {
            d += e.size() - 1;
        }
        return d;
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
        int bins = (int) (end / Time.ms(250)) + 1;
        double[] stored = new double[bins];
        double[] published = new double[bins];
        for (long t : committedAt.values()) {
            stored[(int) (t / Time.ms(250))] += 4;
        }
        long lost = 0;
        for (Map.Entry<String, List<Long>> e : eventsAt.entrySet()) {
            published[(int) (e.getValue().get(0) / Time.ms(250))] += 4;
        }
        for (String id : committedAt.keySet()) {
            if (!eventsAt.containsKey(id)) {
                lost++;
            }
        }
        long phantom = 0;
        for (String id : eventsAt.keySet()) {
            if (!committedAt.containsKey(id)) {
                phantom++;
            }
        }
        List<Double> times = new ArrayList<>();
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            times.add(i * 0.25);
            a.add(stored[i]);
            b.add(published[i]);
        }
        List<Band> bands = Fault.bands(faults, end);
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                        "Orders stored and events published per second; each crash and outage is a band (seed %d)",
                        seed), "per second", List.of(new TimeSeriesChart.Series("orders stored", times, a),
                        new TimeSeriesChart.Series("first event per order published", times, b)), bands),
                new BarChart(String.format(Locale.ROOT, "Orders and their events after %d service crashes (seed %d)",
                        crashes.size(), seed), "", "orders",
                        List.of("stored", "with an event", "lost events", "phantom events", "duplicate events"),
                        List.of((double) committedAt.size(), (double) (committedAt.size() - lost), (double) lost,
                                (double) phantom, (double) duplicates())));
    }
}
