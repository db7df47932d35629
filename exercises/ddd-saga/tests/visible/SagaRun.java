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

    SagaRun(long seed, int count, long timeout, double declined, double slow, double silent, double duplicate) {
        this.seed = seed;
        this.timeout = timeout;
        this.label = String.format(Locale.ROOT, "seed %d (%d orders, timeout %s, %.0f%% declined, %.0f%% answered late, %.0f%% never "
                + "answered, %.0f%% of events delivered twice)", seed, count, Time.format(timeout), 100 * declined, 100 * slow, 100 * silent,
                100 * duplicate);
        this.sim = new Sim(seed);
        Random random = new Random(seed * 1_009 + 11);
        Broker broker = new Broker(sim, "broker").deliveryLatency(Distribution.uniform(Time.ms(1), Time.ms(4)));
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
            saga.on(delivery.value());
            delivery.ack();
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
        sim.at(at, "publish", () -> topic.publish(key, event));
        if (random.nextDouble() < duplicate) {
            long again = at + (long) (random.nextDouble() * 2 * timeout);
            sim.at(again, "publish again", () -> {
                duplicates++;
                topic.publish(key, event);
            });
        }
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
            throw new AssertionError(label + ": " + crash.getMessage());
        }
        for (Placed o : orders.values()) {
            String what = String.format(Locale.ROOT, "%s (placed at %s; payment %s)", o.id, Time.format(o.placedAt), o.fate.words);
            if (!o.requested) {
                throw new AssertionError(label + ": no payment was ever requested for " + what
                        + ": on OrderPlaced, publish a RequestPayment on the payments topic");
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
                        + "lost), or hears PaymentCaptured for an order it already cancelled, it publishes RefundPayment", label, what,
                        Time.format(o.capturedAt)));
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
