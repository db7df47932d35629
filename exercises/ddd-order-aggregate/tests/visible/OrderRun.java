import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Commands sent to several instances of the learner's {@link OrderService} that share one
 * database of orders (reads take 1-3 ms, compare-and-sets and writes 2-5 ms). After every event
 * the rows that changed are checked against the order's rules; at the end, every command's
 * answer is checked against what the orders hold.
 */
final class OrderRun {
    private static final long READ_MAX = Time.ms(3);
    private static final long WRITE_MAX = Time.ms(5);

    final long seed;
    final String label;
    final Sim sim;
    final Datastore<Order> db;
    final int attempts;
    private final List<OrderService> services = new ArrayList<>();
    private final Map<String, Opened> opened = new LinkedHashMap<>();
    final List<Sent> sent = new ArrayList<>();
    private final Map<String, Row<Order>> lastRow = new HashMap<>();
    private final Map<String, OrderRules.State> lastState = new HashMap<>();
    private final Latencies latencies = new Latencies();
    private String violation;
    private RuntimeException crash;

    record Opened(long creditLimit, int maxLines, long version, OrderRules.State state) {
    }

    /** One command, whom it went to, and the answers it got. */
    static final class Sent {
        final int no;
        final Command command;
        final int instance;
        long at;
        final List<Outcome> outcomes = new ArrayList<>();
        long answeredAt = -1;
        Runnable then;

        Sent(int no, Command command, int instance) {
            this.no = no;
            this.command = command;
            this.instance = instance;
        }

        Outcome outcome() {
            return outcomes.size() == 1 ? outcomes.get(0) : null;
        }

        boolean accepted() {
            Outcome o = outcome();
            return o != null && o.kind() == Outcome.Kind.ACCEPTED;
        }

        @Override
        public String toString() {
            return "command #" + no + " " + OrderRules.describe(command) + " for " + command.orderId();
        }
    }

    OrderRun(long seed, String label, int instances, int attempts) {
        this.seed = seed;
        this.label = label;
        this.attempts = attempts;
        this.sim = new Sim(seed);
        sim.stepLimit(3_000_000);
        this.db = new Datastore<Order>(sim, "orders")
                .readLatency(Distribution.uniform(Time.ms(1), READ_MAX))
                .writeLatency(Distribution.uniform(Time.ms(2), WRITE_MAX));
        for (int i = 0; i < instances; i++) {
            services.add(new OrderService(db, attempts));
        }
    }

    // ------------------------------------------------------------------------- scenarios

    /**
     * A shop: clients in a closed loop, each sending commands to random orders (a share of them to
     * one hot order) through random service instances, with a short pause between commands.
     */
    static OrderRun shop(long seed, int orders, int clients, int perClient, int instances, int attempts, double hot) {
        OrderRun run = new OrderRun(seed, String.format(Locale.ROOT,
                "seed %d (%d orders, %d clients × %d commands, %d service instances, attempts = %d)",
                seed, orders, clients, perClient, instances, attempts), instances, attempts);
        Random setup = new Random(seed * 31 + 5);
        for (int k = 0; k < orders; k++) {
            run.open("order-" + k, 3_000 + setup.nextInt(12_000), 10 + setup.nextInt(20), List.of());
        }
        RandomStream random = run.sim.random("commands");
        Distribution pause = Distribution.exponential(Time.ms(15));
        Map<String, List<String>> added = new HashMap<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            int[] left = {perClient};
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (left[0]-- == 0) {
                    return;
                }
                String order = random.chance(hot) ? "order-0" : "order-" + random.nextInt(orders);
                int roll = random.nextInt(100);
                Command command;
                List<String> mine = added.computeIfAbsent(client + "/" + order, key -> new ArrayList<>());
                if (random.nextInt(200) == 0) {
                    command = new Command.Submit(order);
                } else if (roll < 40 && !mine.isEmpty()) {
                    String sku = random.nextInt(10) == 0 ? "c" + client + "-never" : mine.get(random.nextInt(mine.size()));
                    command = new Command.RemoveLine(order, sku);
                } else {
                    String sku = "c" + client + "-" + (perClient - left[0]);
                    int quantity = random.nextInt(20) == 0 ? -random.nextInt(2) : 1 + random.nextInt(5);
                    command = new Command.AddLine(order, sku, quantity, 1 + random.nextInt(60));
                }
                Sent s = run.send(run.sim.now(), command, random.nextInt(instances));
                s.then = () -> {
                    if (s.accepted() && s.command instanceof Command.AddLine add) {
                        mine.add(add.sku());
                    } else if (s.accepted() && s.command instanceof Command.RemoveLine remove) {
                        mine.remove(remove.sku());
                    }
                    run.sim.after(pause.sampleNanos(random), "pause", next[0]);
                };
            };
            run.sim.after(pause.sampleNanos(random), "client " + c + " starts", next[0]);
        }
        run.run();
        return run;
    }

    /** Expected number of accepted commands per order in {@link #crowd}. */
    final Map<String, Integer> fits = new LinkedHashMap<>();

    /**
     * Several orders, each close to its credit limit, each hit by a crowd of AddLine commands at
     * the same instant: exactly {@code fits} of them fit under the limit, whatever the order.
     */
    static OrderRun crowd(long seed, int orders, int instances) {
        Random setup = new Random(seed * 131 + 7);
        int most = 0;
        List<int[]> shapes = new ArrayList<>();
        for (int k = 0; k < orders; k++) {
            int crowd = 3 + setup.nextInt(5);
            int fit = 1 + setup.nextInt(crowd - 1);
            int price = 50 + setup.nextInt(200);
            shapes.add(new int[] {crowd, fit, price});
            most = Math.max(most, crowd);
        }
        OrderRun run = new OrderRun(seed, String.format(Locale.ROOT,
                "seed %d (%d orders near their credit limit, 3-7 AddLine commands at once on each, %d service instances, attempts = %d)",
                seed, orders, instances, most + 1), instances, most + 1);
        for (int k = 0; k < orders; k++) {
            int crowd = shapes.get(k)[0];
            int fit = shapes.get(k)[1];
            int price = shapes.get(k)[2];
            long limit = (long) (fit + 1) * price + setup.nextInt(1_000);
            long already = limit - (long) fit * price - setup.nextInt(price);
            String id = "order-" + k;
            run.open(id, limit, crowd + 5, List.of(new Command.AddLine(id, "already-there", 1, already)));
            run.fits.put(id, fit);
            for (int i = 0; i < crowd; i++) {
                run.send(Time.ms(1), new Command.AddLine(id, "rush-" + i, 1, price), setup.nextInt(instances));
            }
        }
        run.run();
        return run;
    }

    /** One AddLine on each of many different orders, all sent at the same instant. */
    static OrderRun parallel(long seed, int orders, int instances) {
        OrderRun run = new OrderRun(seed, String.format(Locale.ROOT,
                "seed %d (%d different orders, one AddLine each, all sent at 1 ms, %d service instances)", seed, orders, instances),
                instances, 3);
        Random setup = new Random(seed * 17 + 3);
        for (int k = 0; k < orders; k++) {
            String id = "order-" + k;
            run.open(id, 1_000, 5, List.of());
            run.send(Time.ms(1), new Command.AddLine(id, "sku-" + setup.nextInt(100), 1 + setup.nextInt(3), 1 + setup.nextInt(300)),
                    setup.nextInt(instances));
        }
        run.run();
        return run;
    }

    // ------------------------------------------------------------------------- running

    void open(String id, long creditLimit, int maxLines, List<Command> before) {
        Order order = Order.open(id, creditLimit, maxLines);
        if (order == null) {
            throw new AssertionError(label + ": Order.open returned null");
        }
        for (Command command : before) {
            Object result = OrderRules.apply(order, command);
            if (!(result instanceof Order)) {
                throw new AssertionError(label + ": setting up " + id + ", " + OrderRules.describe(command) + " on a new order was refused: "
                        + ((OrderRejected) result).getMessage());
            }
            order = (Order) result;
        }
        Row<Order> row = db.load(id, order);
        opened.put(id, new Opened(creditLimit, maxLines, row.version(), OrderRules.State.of(order)));
        lastRow.put(id, row);
        lastState.put(id, OrderRules.State.of(order));
    }

    Sent send(long at, Command command, int instance) {
        Sent s = new Sent(sent.size() + 1, command, instance);
        s.at = at;
        sent.add(s);
        sim.at(at, "send", () -> {
            s.at = sim.now();
            sim.during(s, "arrived");
            services.get(s.instance).handle(s.command, outcome -> answered(s, outcome));
        });
        return s;
    }

    private void answered(Sent s, Outcome outcome) {
        s.outcomes.add(outcome);
        if (s.outcomes.size() == 1) {
            s.answeredAt = sim.now();
            latencies.record(sim.now() - s.at);
            if (s.then != null) {
                s.then.run();
            }
        }
    }

    private void run() {
        sim.invariant("orders keep their rules", () -> {
            if (violation == null) {
                checkChangedRows();
            }
            return true;
        });
        try {
            sim.run();
        } catch (RuntimeException e) {
            crash = e;
        }
    }

    private void checkChangedRows() {
        for (Map.Entry<String, Opened> entry : opened.entrySet()) {
            String id = entry.getKey();
            Row<Order> row = db.peek(id);
            Row<Order> last = lastRow.get(id);
            if (row == last) {
                continue;
            }
            OrderRules.State before = lastState.get(id);
            if (last.value() != null && !OrderRules.State.of(last.value()).equals(before)) {
                violation = String.format(Locale.ROOT, "at %s, the order stored as %s version %d had been changed in place, without a write "
                        + "(%s became %s). Orders are values: a change returns a new Order", Time.format(sim.now()), id, last.version(),
                        before, OrderRules.State.of(last.value()));
                return;
            }
            Opened o = entry.getValue();
            String problem = OrderRules.invalid(row.value(), id, o.creditLimit(), o.maxLines());
            if (problem != null) {
                violation = String.format(Locale.ROOT, "at %s, version %d of %s breaks the order's rules: %s. The service stores only "
                        + "what the aggregate decided, and decides again on the latest version after a conflict",
                        Time.format(sim.now()), row.version(), id, problem);
                return;
            }
            OrderRules.State now = OrderRules.State.of(row.value());
            if (before.status() == OrderStatus.SUBMITTED && !now.equals(before)) {
                violation = String.format(Locale.ROOT, "at %s, %s changed after it was submitted (%s became %s, version %d): "
                        + "a submitted order takes no changes, so either the order accepted one or a store based on the draft read before the "
                        + "submission overwrote it", Time.format(sim.now()), id, before, now,
                        row.version());
                return;
            }
            lastRow.put(id, row);
            lastState.put(id, now);
        }
    }

    // ------------------------------------------------------------------------- checks

    /** Everything every run must satisfy; throws an AssertionError naming the run's seed. */
    void assertSafe() {
        if (crash != null) {
            throw new AssertionError(label + ": " + crash.getMessage());
        }
        if (db.count("begin") > 0) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: your service began %d transactions. This exercise asks for "
                    + "optimistic concurrency: read the order, decide, compareAndSet(id, versionRead, newOrder, ...). Row locks make "
                    + "every command on an order wait for the one before, and a lock on anything shared by all orders makes the "
                    + "whole shop wait", label, db.count("begin")));
        }
        long writes = db.count("write");
        try {
            assertOutcomesTrue();
        } catch (AssertionError e) {
            throw writes == 0 ? e : new AssertionError(e.getMessage() + ". " + plainWrites(writes));
        }
        if (writes > 0) {
            throw new AssertionError(label + ": " + plainWrites(writes));
        }
    }

    private static String plainWrites(long writes) {
        return String.format(Locale.ROOT, "Your service called write() %d times. A plain write does not look at the version: two "
                + "commands that both read version 7 both write, and the second silently replaces the first one's change (a lost "
                + "update). A lock inside one instance does not help, since other instances write the same rows. Store with "
                + "compareAndSet(id, versionRead, newOrder, reply -> ...)", writes);
    }

    private void assertOutcomesTrue() {
        if (violation != null) {
            throw new AssertionError(label + ": " + violation);
        }
        for (Map.Entry<String, Opened> entry : opened.entrySet()) {
            Row<Order> row = db.peek(entry.getKey());
            if (row.value() != null && !OrderRules.State.of(row.value()).equals(lastState.get(entry.getKey()))) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was changed in place, without a write (%s, version %d): "
                        + "orders are values, a change returns a new Order", label, entry.getKey(), OrderRules.State.of(row.value()),
                        row.version()));
            }
        }
        for (Sent s : sent) {
            if (s.outcomes.isEmpty()) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s, sent at %s, was never answered. Every command gets "
                        + "exactly one answer: accepted, rejected (a rule) or conflict (every attempt lost)", label, s, Time.format(s.at)));
            }
            if (s.outcomes.size() > 1) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was answered %d times (%s); it gets exactly one answer",
                        label, s, s.outcomes.size(), s.outcomes));
            }
            Outcome o = s.outcome();
            if (o == null || o.kind() == null) {
                throw new AssertionError(label + ": " + s + " was answered with " + o + "; use Outcome.accepted(), rejected(reason) or conflict()");
            }
            if (o.kind() == Outcome.Kind.REJECTED && (o.reason() == null || o.reason().isBlank())) {
                throw new AssertionError(label + ": " + s + " was rejected without a reason; pass on the rule the order gave (OrderRejected's message)");
            }
        }
        assertAnswersMatchOrders();
        long stored = 0;
        long accepted = 0;
        for (Map.Entry<String, Opened> entry : opened.entrySet()) {
            stored += db.peek(entry.getKey()).version() - entry.getValue().version();
        }
        for (Sent s : sent) {
            accepted += s.accepted() ? 1 : 0;
        }
        if (stored != accepted) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: the orders were stored %d times for %d accepted commands. An accepted "
                    + "command stores its one order once; a rejected command, or one that gave up, stores nothing", label, stored, accepted));
        }
        long cas = db.count("compare-and-set");
        if (cas > (long) attempts * sent.size()) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: %d compare-and-sets for %d commands with attempts = %d: try a command "
                    + "at most attempts times, then answer Outcome.conflict(), so the caller hears about the contention instead of waiting",
                    label, cas, sent.size(), attempts));
        }
    }

    /** The orders at the end hold exactly what the accepted commands did: nothing lost, nothing extra. */
    private void assertAnswersMatchOrders() {
        Map<String, Map<String, Sent>> addedBy = new HashMap<>();
        Map<String, Map<String, Sent>> removedBy = new HashMap<>();
        Map<String, List<Sent>> submittedBy = new HashMap<>();
        for (Sent s : sent) {
            if (!s.accepted()) {
                continue;
            }
            String id = s.command.orderId();
            if (s.command instanceof Command.AddLine add) {
                addedBy.computeIfAbsent(id, k -> new HashMap<>()).put(add.sku(), s);
            } else if (s.command instanceof Command.RemoveLine remove) {
                if (!everHad(id, remove.sku())) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s: %s was answered ACCEPTED, but %s never had a line for %s: "
                            + "the answer must say what happened, and the order refuses to remove a line it does not have", label, s, id,
                            remove.sku()));
                }
                Sent twice = removedBy.computeIfAbsent(id, k -> new HashMap<>()).put(remove.sku(), s);
                if (twice != null) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s: %s and %s were both accepted, yet the line can be removed "
                            + "only once: the second decided on an order read before the first was stored", label, twice, s));
                }
            } else {
                submittedBy.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<String, Opened> entry : opened.entrySet()) {
            String id = entry.getKey();
            OrderRules.State end = OrderRules.State.of(db.peek(id).value());
            Map<String, Sent> adds = addedBy.getOrDefault(id, Map.of());
            Map<String, Sent> removes = removedBy.getOrDefault(id, Map.of());
            for (Sent add : adds.values()) {
                Command.AddLine c = (Command.AddLine) add.command;
                OrderLine line = end.lines().get(c.sku());
                if (line == null && !removes.containsKey(c.sku())) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s: %s was answered ACCEPTED at %s, but %s ends without that line, "
                            + "and nothing removed it: a later store replaced the order with a copy that never had it (a lost update). "
                            + "Store with compareAndSet on the version you read, and on a CONFLICT decide again on the order the reply carries",
                            label, add, Time.format(add.answeredAt), id));
                }
                if (line != null && removes.containsKey(c.sku())) {
                    Sent removal = removes.get(c.sku());
                    throw new AssertionError(String.format(Locale.ROOT, "%s: %s was answered ACCEPTED at %s, yet %s still has the line "
                            + "for %s: the removal was lost when a store based on an older version replaced it", label, removal,
                            Time.format(removal.answeredAt), id, c.sku()));
                }
                if (line != null && (line.quantity() != c.quantity() || line.unitPrice() != c.unitPrice())) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s: %s ends with %s, but %s asked for %d × %d",
                            label, id, line, add, c.quantity(), c.unitPrice()));
                }
            }
            for (String sku : end.lines().keySet()) {
                if (!adds.containsKey(sku) && !entry.getValue().state().lines().containsKey(sku)) {
                    Sent cause = null;
                    for (Sent s : sent) {
                        if (s.command instanceof Command.AddLine a && a.sku().equals(sku) && a.orderId().equals(id)) {
                            cause = s;
                        }
                    }
                    throw new AssertionError(String.format(Locale.ROOT, "%s: %s ends with a line for %s, but %s was answered %s: the "
                            + "answer must say what happened (a command that was not accepted stores nothing)", label, id, sku,
                            cause == null ? "no command" : cause, cause == null ? "nothing" : cause.outcome().kind()));
                }
            }
            List<Sent> submits = submittedBy.getOrDefault(id, List.of());
            if (submits.size() > 1) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s and %s were both accepted; an order is submitted once, "
                        + "the second decided on a draft that was no longer current", label, submits.get(0), submits.get(1)));
            }
            if (!submits.isEmpty() && end.status() != OrderStatus.SUBMITTED) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s was answered ACCEPTED at %s, but %s ends as a %s: a store "
                        + "based on the draft read before it replaced the submitted order (a lost update)", label, submits.get(0),
                        Time.format(submits.get(0).answeredAt), id, end.status()));
            }
            if (submits.isEmpty() && end.status() == OrderStatus.SUBMITTED) {
                throw new AssertionError(label + ": " + id + " ends SUBMITTED, but no Submit for it was answered ACCEPTED");
            }
        }
    }

    /** Whether an accepted AddLine (or the set-up) ever gave the order a line for the sku. */
    private boolean everHad(String id, String sku) {
        if (opened.get(id).state().lines().containsKey(sku)) {
            return true;
        }
        for (Sent s : sent) {
            if (s.accepted() && s.command instanceof Command.AddLine add && add.orderId().equals(id) && add.sku().equals(sku)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A command gives up only after losing {@code attempts} times, so the database must have
     * answered at least {@code attempts} version conflicts for each command that gave up.
     */
    void assertGiveUpsOnlyAfterEveryAttempt() {
        long gaveUp = count(Outcome.Kind.CONFLICT);
        long conflicts = versionConflicts();
        if (gaveUp * attempts > conflicts) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: %d commands were answered CONFLICT, but the database answered only %d "
                    + "version conflicts in all; with attempts = %d, a command gives up only after losing %d times (at least %d conflicts). "
                    + "On a CONFLICT, take the order the reply carries, let it decide again, and compare-and-set again",
                    label, gaveUp, conflicts, attempts, attempts, gaveUp * attempts));
        }
    }

    /** Each crowded order accepted exactly the commands that fit, and rejected the rest by its rules. */
    void assertCrowdsDecidedOnFreshOrders() {
        for (Map.Entry<String, Integer> entry : fits.entrySet()) {
            String id = entry.getKey();
            int accepted = 0;
            for (Sent s : sent) {
                if (!s.command.orderId().equals(id)) {
                    continue;
                }
                if (s.outcome().kind() == Outcome.Kind.CONFLICT) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s: %s was answered CONFLICT, though attempts = %d is enough for "
                            + "every command on %s to get a definite answer. On a CONFLICT the reply carries the order as it is now: decide "
                            + "again on it (the credit limit may now refuse the line) and try again", label, s, attempts, id));
                }
                accepted += s.accepted() ? 1 : 0;
            }
            if (accepted != entry.getValue()) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %d AddLine commands on %s were accepted, but exactly %d fit under "
                        + "its credit limit of %d. A retry must re-read the order and let it decide again: the ones that lost a conflict "
                        + "are accepted only if they still fit", label, accepted, id, entry.getValue(), opened.get(id).creditLimit()));
            }
        }
    }

    /** Commands on different orders did not wait for each other. */
    void assertIndependentOrdersDoNotWait() {
        long bound = READ_MAX + WRITE_MAX + Time.ms(2);
        Sent slowest = null;
        for (Sent s : sent) {
            if (!s.accepted()) {
                throw new AssertionError(label + ": " + s + " on an order of its own was answered " + s.outcome()
                        + "; nothing else touched that order, so it should be accepted");
            }
            if (slowest == null || s.answeredAt - s.at > slowest.answeredAt - slowest.at) {
                slowest = s;
            }
        }
        if (slowest.answeredAt - slowest.at > bound) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: the slowest command took %s; one read and one compare-and-set take at "
                    + "most %s. Each order is its own aggregate and its own consistency boundary: commands on different orders need not "
                    + "wait for each other. A lock or queue around all orders (or around one instance's work) makes the whole shop wait "
                    + "for its slowest command", label, Time.format(slowest.answeredAt - slowest.at), Time.format(bound)));
        }
    }

    long count(Outcome.Kind kind) {
        long n = 0;
        for (Sent s : sent) {
            Outcome o = s.outcome();
            n += o != null && o.kind() == kind ? 1 : 0;
        }
        return n;
    }

    long versionConflicts() {
        return db.count("version conflict");
    }

    /** What happened to the commands, and how long they took. */
    void attachFigures() {
        Figures.attach(new BarChart(String.format(Locale.ROOT, "What happened to %d commands (seed %d)", sent.size(), seed),
                "outcome", "commands",
                List.of("accepted", "rejected by a rule", "gave up: conflict", "version conflicts retried"),
                List.of((double) count(Outcome.Kind.ACCEPTED), (double) count(Outcome.Kind.REJECTED),
                        (double) count(Outcome.Kind.CONFLICT), (double) Math.max(0, versionConflicts() - count(Outcome.Kind.CONFLICT)))));
        if (latencies.count() > 0) {
            Figures.attach(latencies.chart(String.format(Locale.ROOT, "Time from sending a command to its answer (seed %d)", seed), 20));
        }
    }

    /** Runs the checks and attaches the figures. */
    void check(Runnable checks) {
        try {
            checks.run();
        } finally {
            attachFigures();
        }
    }

    /** Runs the checks, attaching the figures only if one fails (for tests of many seeds). */
    void checkShowingFailures(Runnable checks) {
        try {
            checks.run();
        } catch (AssertionError e) {
            attachFigures();
            throw e;
        }
    }
}
