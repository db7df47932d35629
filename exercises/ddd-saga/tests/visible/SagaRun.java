import dev.loadbearing.sim.broker.Broker;
import dev.loadbearing.sim.broker.Topic;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Orders placed over a few seconds; the learner's {@link OrderSaga} hears the sales and payments
 * events from a broker and asks payments to charge each order. Payments is simulated: each order's
 * payment is captured quickly, declined, captured but answered only after the saga's timeout, or
 * captured with its answer lost. Events are published twice with some probability, the copy late.
 */
final class SagaRun {
    /** What payments does with one order's charge. */
    enum Fate {
        PAID("paid, answered in time"), DECLINED("declined"), SLOW("paid, answered after the timeout"), SILENT("paid, answer lost");

        final String words;

        Fate(String words) {
            this.words = words;
        }
    }

    /** One order, as the tests see it. */
    static final class Placed {
        final String id;
        final long amount;
        final Fate fate;
        long placedAt = -1;
        boolean requested;
        long capturedAt = -1;
        long refundedAt = -1;
        final List<String> decisions = new ArrayList<>();
        long decidedAt = -1;
        /** When the saga first heard OrderPlaced. */
        long heardAt = -1;

        Placed(String id, long amount, Fate fate) {
            this.id = id;
            this.amount = amount;
            this.fate = fate;
        }

        boolean charged() {
            return capturedAt >= 0 && refundedAt < 0;
        }
    }

    final long seed;
    final String label;
    final long timeout;
    final Sim sim;
    private final Map<String, Placed> orders = new LinkedHashMap<>();
    private int duplicates;
    private int refundsOfNothing;
    private RuntimeException crash;
    /** The broker's crashes, each {start, end}, in the runs that have them. */
    private final List<long[]> outages = new ArrayList<>();

    SagaRun(long seed, int count, long timeout, double declined, double slow, double silent, double duplicate) {
        this(seed, count, timeout, declined, slow, silent, duplicate, 0);
    }

    /**
     * A run whose broker also crashes {@code crashes} times while orders are placed and their
     * timeouts run out (over the first 3 s plus one timeout), each crash
     * 30-100 ms long, and the saga's service takes 5-20 ms to read an order before it acts on an
     * event (a crash may begin meanwhile), and the broker acknowledges a publish after 2-20 ms:
     * publishes then answer DOWN (the plain publish writes nothing and returns -1),
     * and one whose ack was on its way answers UNKNOWN. Sales and payments publish their own
     * events with an acknowledgement and publish again until it is OK, as a producer must.
     */
    SagaRun(long seed, int count, long timeout, double declined, double slow, double silent, double duplicate, int crashes) {
        this.seed = seed;
        this.timeout = timeout;
        this.label = String.format(Locale.ROOT, "seed %d (%d orders, timeout %s, %.0f%% declined, %.0f%% answered late, %.0f%% never "
                + "answered, %.0f%% of events delivered twice%s)", seed, count, Time.format(timeout), 100 * declined, 100 * slow, 100 * silent,
                100 * duplicate, crashes == 0 ? "" : ", " + crashes + " broker crashes");
        this.sim = new Sim(seed);
        sim.stepLimit(200_000);
        Random random = new Random(seed * 1_009 + 11);
        Broker broker = new Broker(sim, "broker").deliveryLatency(Distribution.uniform(Time.ms(1), Time.ms(4)));
        Random handling = new Random(seed * 31 + 3);
        if (crashes > 0) {
            broker.publishLatency(Distribution.uniform(Time.ms(2), Time.ms(20)));
            Random faults = new Random(seed * 7_919 + 5);
            long slot = (Time.ms(3_000) + timeout) / crashes;
            for (int i = 0; i < crashes; i++) {
                long start = i * slot + Time.ms(50) + (long) (faults.nextDouble() * (slot - Time.ms(160)));
                long end = start + Time.ms(30 + faults.nextInt(71));
                outages.add(new long[] {start, end});
                broker.crashAt(start);
                broker.restartAt(end);
            }
        }
        Topic<Event> sales = broker.topic("order-events", 4);
        Topic<Event> paymentEvents = broker.topic("payment-events", 4);
        Topic<PaymentCommand> paymentCommands = broker.topic("payment-commands", 4);
        Orders decisions = new Orders() {
            @Override
            public void confirm(String orderId) {
                decide(orderId, "confirmed");
            }

            @Override
            public void cancel(String orderId, String reason) {
                decide(orderId, "cancelled");
            }
        };
        Timers timers = (delay, action) -> sim.after(Math.max(0, delay), "saga timer", () -> {
            sim.during("a timer", "fired");
            action.run();
        });
        OrderSaga saga = new OrderSaga(paymentCommands, decisions, timers, timeout);
        java.util.function.Consumer<dev.loadbearing.sim.broker.Delivery<Event>> toSaga = delivery -> {
            sim.during(delivery.value(), "was delivered");
            if (delivery.value() instanceof Event.OrderPlaced placed && orders.containsKey(placed.orderId())
                    && orders.get(placed.orderId()).heardAt < 0) {
                orders.get(placed.orderId()).heardAt = sim.now();
            }
            if (outages.isEmpty()) {
                saga.on(delivery.value());
                delivery.ack();
            } else {
                // the sales service reads the order and its saga's step before it acts on the event
                sim.after(Time.ms(5 + handling.nextInt(16)), "the saga handles " + delivery.value(), () -> {
                    saga.on(delivery.value());
                    delivery.ack();
                });
            }
        };
        sales.group("saga").join("saga", toSaga);
        paymentEvents.group("saga").join("saga", toSaga);
        paymentCommands.group("payments").join("payments", delivery -> {
            PaymentCommand command = delivery.value();
            Placed order = orders.get(command.orderId());
            if (command instanceof PaymentCommand.RequestPayment) {
                if (order != null && !order.requested) {
                    order.requested = true;
                    charge(order, random, paymentEvents, duplicate);
                }
            } else if (order != null && order.capturedAt >= 0 && order.refundedAt < 0) {
                order.refundedAt = sim.now();
            } else {
                refundsOfNothing++;
            }
            delivery.ack();
        });
        for (int i = 0; i < count; i++) {
            double roll = random.nextDouble();
            Fate fate = roll < declined ? Fate.DECLINED : roll < declined + slow ? Fate.SLOW : roll < declined + slow + silent ? Fate.SILENT : Fate.PAID;
            Placed order = new Placed("order-" + i, 10 + random.nextInt(500), fate);
            orders.put(order.id, order);
            long at = Time.ms(random.nextInt(3_000));
            publish(sales, at, new Event.OrderPlaced(order.id, order.amount), random, duplicate);
            sim.at(at, "place " + order.id, () -> order.placedAt = sim.now());
        }
        try {
            sim.runFor(Time.seconds(3) + 6 * timeout + Time.seconds(2));
        } catch (RuntimeException e) {
            crash = e;
        }
    }

    private void charge(Placed order, Random random, Topic<Event> events, double duplicate) {
        long answer = Time.ms(5 + random.nextInt(45));
        switch (order.fate) {
            case PAID -> {
                order.capturedAt = sim.now();
                publish(events, sim.now() + answer, new Event.PaymentCaptured(order.id), random, duplicate);
            }
            case DECLINED -> publish(events, sim.now() + answer, new Event.PaymentDeclined(order.id, "insufficient funds"), random, duplicate);
            case SLOW -> {
                order.capturedAt = sim.now();
                long late = timeout + timeout / 5 + (long) (random.nextDouble() * timeout);
                publish(events, sim.now() + late, new Event.PaymentCaptured(order.id), random, duplicate);
            }
            case SILENT -> order.capturedAt = sim.now();
        }
    }

    private <V> void publish(Topic<V> topic, long at, V event, Random random, double duplicate) {
        String key = ((Event) event).orderId();
        sim.at(at, "publish", () -> send(topic, key, event));
        if (random.nextDouble() < duplicate) {
            long again = at + (long) (random.nextDouble() * 2 * timeout);
            sim.at(again, "publish again", () -> {
                duplicates++;
                send(topic, key, event);
            });
        }
    }

    /** Publishes as a careful producer: with crashes, waits for the ack and publishes again until it is OK. */
    private <V> void send(Topic<V> topic, String key, V event) {
        if (outages.isEmpty()) {
            topic.publish(key, event);
            return;
        }
        topic.publish(key, event, ack -> {
            if (!ack.isOk()) {
                sim.after(Time.ms(10), "publish again after " + ack.status(), () -> send(topic, key, event));
            }
        });
    }

    /** The crashes that overlap [from, to], in words; empty if none. */
    private String crashesBetween(long from, long to) {
        List<String> hit = new ArrayList<>();
        for (long[] outage : outages) {
            if (outage[0] <= to && outage[1] >= from) {
                hit.add(Time.format(outage[0]) + "-" + Time.format(outage[1]));
            }
        }
        return String.join(", ", hit);
    }

    /** What to say when a command the saga should have published never reached payments. */
    private String unacknowledged(String command, long from, long to) {
        if (outages.isEmpty()) {
            return "";
        }
        String during = crashesBetween(from - Time.ms(5), to);
        return String.format(Locale.ROOT, " The broker crashed %s: a %s published then was never written. topic.publish(key, "
                + "value) while the broker is down writes nothing and returns -1, and nobody hears of it. Publish with an "
                + "acknowledgement, topic.publish(key, value, ack -> ...), and when the ack is not OK (DOWN, or UNKNOWN after a "
                + "crash: maybe written, maybe not) publish it again a little later; payments handles a second copy as a "
                + "no-op, and so must your saga", during.isEmpty() ? "during the run (" + crashesBetween(0, Long.MAX_VALUE) + ")"
                        : "at " + during, command);
    }

    private void decide(String orderId, String decision) {
        Placed order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("there is no order " + orderId);
        }
        order.decisions.add(decision + " at " + Time.format(sim.now()));
        if (order.decidedAt < 0) {
            order.decidedAt = sim.now();
        }
    }

    /** Every order decided once, in time, with the money where the decision says. */
    void assertEveryOrderEndsRight() {
        if (crash != null) {
            String advice = crash.getMessage() != null && crash.getMessage().startsWith("step limit") && !outages.isEmpty()
                    ? "\nA publish while the broker is down is refused at once: publishing again at once, in the ack's callback, "
                            + "repeats for ever at the same instant. Wait a little first: timers.after(Time.ms(20), ...)\n"
                    : "";
            throw new AssertionError(label + ": " + advice + crash.getMessage());
        }
        for (Placed o : orders.values()) {
            String what = String.format(Locale.ROOT, "%s (placed at %s; payment %s)", o.id, Time.format(o.placedAt), o.fate.words);
            if (!o.requested) {
                String heard = o.heardAt < 0 ? "" : " The saga's service got OrderPlaced at " + Time.format(o.heardAt) + "."
                        + unacknowledged("RequestPayment", o.heardAt, o.heardAt + Time.ms(35));
                throw new AssertionError(label + ": no payment was ever requested for " + what + (outages.isEmpty() || o.heardAt < 0
                        ? ": on OrderPlaced, publish a RequestPayment on the payments topic"
                        : ": the order is in limbo, its saga waiting for the answer to a request payments never got (a "
                                + "timeout, if there is one, cancels an order the customer could have had)." + heard));
            }
            if (o.decisions.isEmpty()) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was never confirmed or cancelled: it is in limbo, the "
                        + "customer waits for ever%s. Every wait needs a timeout: after %s without an answer, cancel the order",
                        label, what, o.charged() ? " and their money is taken" : "", Time.format(timeout)));
            }
            if (o.decisions.size() > 1 && o.decisions.get(0).startsWith("cancelled") && String.join(",", o.decisions).contains("confirmed")) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was both cancelled and confirmed (%s): the customer was told "
                        + "no, then the order shipped. Once the saga has cancelled an order, a PaymentCaptured that arrives late is "
                        + "compensated (RefundPayment), not confirmed", label, what, String.join(", ", o.decisions)));
            }
            if (o.decisions.size() > 1) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was decided %d times (%s). Events come at least once: "
                        + "remember where each order's saga is, and ignore an event that no longer moves it", label, what,
                        o.decisions.size(), String.join(", ", o.decisions)));
            }
            boolean confirmed = o.decisions.get(0).startsWith("confirmed");
            if (o.fate == Fate.PAID && !confirmed) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was cancelled, though payments captured it and answered "
                        + "within %s, well inside the %s timeout: confirm an order whose payment is captured while the saga waits",
                        label, what, "50 ms", Time.format(timeout)));
            }
            if (o.fate == Fate.DECLINED && confirmed) {
                throw new AssertionError(label + ": " + what + " was confirmed, though its payment was declined and no money was taken");
            }
            if (confirmed && !o.charged()) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was confirmed (shipped), but its payment %s", label, what,
                        o.capturedAt < 0 ? "was never captured" : "was refunded at " + Time.format(o.refundedAt)));
            }
            if (!confirmed && o.charged()) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was cancelled, but its payment, captured at %s, was never "
                        + "given back. A saga compensates: when it cancels an order that may have been charged (the answer is late or "
                        + "lost), or hears PaymentCaptured for an order it already cancelled, it publishes RefundPayment%s", label, what,
                        Time.format(o.capturedAt), o.decidedAt < 0 ? "" : ". The order was cancelled at " + Time.format(o.decidedAt)
                                + "." + unacknowledged("RefundPayment", o.decidedAt, o.decidedAt + Time.ms(15))));
            }
            long waited = o.decidedAt - o.placedAt;
            if (waited > timeout + Time.ms(200)) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was decided only %s after it was placed; with a timeout of "
                        + "%s the customer should know within the timeout (plus a few ms of delivery)", label, what, Time.format(waited),
                        Time.format(timeout)));
            }
        }
    }

    void attachFigure() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Fate fate : Fate.values()) {
            counts.put(fate.words, 0);
        }
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int confirmed = 0;
        int cancelled = 0;
        int refunded = 0;
        int limbo = 0;
        for (Placed o : orders.values()) {
            counts.merge(o.fate.words, 1, Integer::sum);
            if (o.decisions.isEmpty()) {
                limbo++;
            } else if (o.decisions.get(0).startsWith("confirmed")) {
                confirmed++;
            } else {
                cancelled++;
            }
            refunded += o.refundedAt >= 0 ? 1 : 0;
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            labels.add("payment " + e.getKey());
            values.add((double) e.getValue());
        }
        labels.addAll(List.of("confirmed", "cancelled", "refunded", "in limbo", "duplicate events"));
        values.addAll(List.of((double) confirmed, (double) cancelled, (double) refunded, (double) limbo, (double) duplicates));
        if (!outages.isEmpty()) {
            long unrequested = orders.values().stream().filter(o -> !o.requested).count();
            labels.addAll(List.of("payment never requested", "broker crashes"));
            values.addAll(List.of((double) unrequested, (double) outages.size()));
        }
        Figures.attach(new BarChart(String.format(Locale.ROOT, "%d orders: what payments did, and how the saga ended them (seed %d)",
                orders.size(), seed), "what payments did, then how the saga ended the orders", "orders", labels, values));
    }

    void check(boolean alwaysFigure) {
        try {
            assertEveryOrderEndsRight();
            if (alwaysFigure) {
                attachFigure();
            }
        } catch (AssertionError e) {
            attachFigure();
            throw e;
        }
    }
}
