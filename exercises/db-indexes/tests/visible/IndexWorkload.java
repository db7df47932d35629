import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.store.Index;
import dev.loadbearing.sim.store.Plan;
import dev.loadbearing.sim.store.Query;
import dev.loadbearing.sim.store.RelationalDatabase;
import dev.loadbearing.sim.store.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A shop's database (customers and orders) and a query workload drawn from a seed: which columns
 * the frequent queries filter and sort on, their shares, the table sizes, and how many indexes a
 * table's write budget pays for all vary. The advisor designs the indexes; then 200 orders and 50
 * customers are inserted (their cost is the write cost), and 1,500 queries drawn by share are
 * planned: each one's cost is its latency.
 */
final class IndexWorkload {
    enum Kind {
        /** The lesson's workload: customer_id and created_at, email, a status range, a join by email, a rare report. */
        LESSON,
        /** Columns, shapes, shares and sizes drawn from the seed; the report is rare. */
        RANDOM,
        /** As RANDOM, but the report is 6% of the queries, and the budget pays for its index. */
        BUSY_REPORT
    }

    static final int QUERIES = 1_500;
    static final double P99_TARGET_MS = 5;
    private static final long DAY = 86_400;
    private static final long YEAR = 365 * DAY;
    private static final int SELLERS = 300;

    final long seed;
    final Kind kind;
    final RelationalDatabase db = new RelationalDatabase();
    final Workload workload;
    private final Table customers;
    private final Table orders;
    private final Random random;
    private final List<Supplier<Query>> makers = new ArrayList<>();
    private final Map<String, Latencies> perShape = new LinkedHashMap<>();
    private final Map<String, Plan> slowest = new LinkedHashMap<>();
    private final Latencies all = new Latencies();
    private final Set<String> used = new LinkedHashSet<>();
    private final Map<String, Double> extraPerInsertMs = new LinkedHashMap<>();
    private String designFailure;
    private boolean attached;

    IndexWorkload(Supplier<IndexAdvisor> advisors, long seed, Kind kind) {
        this.seed = seed;
        this.kind = kind;
        this.random = new Random(seed * 7_919 + kind.ordinal());
        boolean lesson = kind == Kind.LESSON;
        int customerCount = lesson ? 10_000 : 8_000 + random.nextInt(4_001);
        int orderCount = lesson ? 25_000 : 20_000 + random.nextInt(10_001);
        customers = db.createTable("customers", "id", "email", "phone", "country", "tier", "signed_up_at");
        orders = db.createTable("orders", "id", "customer_id", "seller_id", "warehouse_id", "status", "created_at",
                "shipped_at", "total");
        for (int i = 0; i < customerCount; i++) {
            customers.load(customerRow(i));
        }
        for (int i = 0; i < orderCount; i++) {
            orders.load(orderRow(i, orderCount));
        }

        // the workload's columns
        String owner = lesson || random.nextBoolean() ? "customer_id" : "seller_id";
        String date = lesson || random.nextBoolean() ? "created_at" : "shipped_at";
        String date2 = lesson || random.nextBoolean() ? "created_at" : "shipped_at";
        String lookup = lesson || random.nextBoolean() ? "email" : "phone";
        String joinBy = lesson || random.nextBoolean() ? "email" : "phone";
        boolean ownerRange = !lesson && random.nextDouble() < 0.6;
        boolean statusNewest = !lesson && random.nextBoolean();
        int page = lesson ? 20 : 10 + random.nextInt(21);
        long status = lesson ? 0 : new long[] {0, 1, 5}[random.nextInt(3)];
        double reportShare = kind == Kind.BUSY_REPORT ? 0.06 : 0.002 + 0.002 * random.nextDouble();

        List<String> names = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        names.add(owner.equals("customer_id") ? "a customer's newest orders" : "a seller's newest orders");
        weights.add(0.30 + 0.10 * random.nextDouble());
        makers.add(() -> {
            int row = random.nextInt(orders.rowCount());
            return Query.from("orders").whereEquals(owner, orders.value(row, owner)).orderedBy(date, true).limitTo(page);
        });
        if (ownerRange) {
            names.add(owner.equals("customer_id") ? "a customer's orders in three days" : "a seller's orders in three days");
            weights.add(0.08);
            makers.add(() -> {
                int row = random.nextInt(orders.rowCount());
                long end = orders.value(row, date);
                return Query.from("orders").whereEquals(owner, orders.value(row, owner))
                        .whereBetween(date, end - 3 * DAY, end);
            });
        }
        String statusName = status == 0 ? "pending" : status == 1 ? "paid" : "returned";
        names.add(statusNewest ? "the newest " + statusName + " orders" : statusName + " orders of the last day");
        weights.add(0.12 + 0.08 * random.nextDouble());
        makers.add(() -> {
            if (statusNewest) {
                return Query.from("orders").whereEquals("status", status).orderedBy(date2, true).limitTo(page);
            }
            long end = DAY + (long) (random.nextDouble() * (YEAR - DAY));
            return Query.from("orders").whereEquals("status", status).whereBetween(date2, end - DAY, end);
        });
        names.add("a customer by " + lookup);
        weights.add(0.15 + 0.10 * random.nextDouble());
        makers.add(() -> Query.from("customers")
                .whereEquals(lookup, customers.value(random.nextInt(customers.rowCount()), lookup)));
        names.add("a customer's orders, found by " + joinBy);
        weights.add(0.08 + 0.07 * random.nextDouble());
        makers.add(() -> Query.from("customers")
                .whereEquals(joinBy, customers.value(random.nextInt(customers.rowCount()), joinBy))
                .selecting("id", "country").joining("orders", "customer_id", "id", "id", "created_at", "total"));
        names.add("the orders of a price band (a report)");
        weights.add(-1.0);
        makers.add(() -> {
            long low = random.nextInt(100_000 - 100);
            return Query.from("orders").whereBetween("total", low, low + 100).selecting("id", "total");
        });
        double frequent = weights.stream().filter(w -> w > 0).mapToDouble(Double::doubleValue).sum();
        List<Workload.Shape> shapes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double share = weights.get(i) < 0 ? reportShare : weights.get(i) / frequent * (1 - reportShare);
            shapes.add(new Workload.Shape(names.get(i), makers.get(i).get(), share));
            perShape.put(names.get(i), new Latencies());
        }
        shapes.sort((a, b) -> Double.compare(b.share(), a.share()));

        // the budget: one index per distinct access the frequent queries need, and half an index to spare
        Set<String> orderKeys = new LinkedHashSet<>(List.of(owner + "," + date, "status," + date2));
        if (!owner.equals("customer_id")) {
            orderKeys.add("customer_id");
        }
        if (kind == Kind.BUSY_REPORT) {
            orderKeys.add("total");
        }
        Set<String> customerKeys = new LinkedHashSet<>(List.of(lookup, joinBy));
        long indexWrite = db.costs().indexWrite();
        workload = new Workload(List.copyOf(shapes), Map.of(
                "orders", orderKeys.size() * indexWrite + indexWrite / 2,
                "customers", customerKeys.size() * indexWrite + indexWrite / 2), P99_TARGET_MS);

        try {
            advisors.get().design(db, workload);
        } catch (RuntimeException e) {
            designFailure = String.format(Locale.ROOT, "seed %d: design(...) threw %s: %s", seed,
                    e.getClass().getSimpleName(), e.getMessage());
            return;
        }
        for (int i = 0; i < 200; i++) {
            orders.insert(orderRow(orders.rowCount(), orders.rowCount()));
        }
        for (int i = 0; i < 50; i++) {
            customers.insert(customerRow(customers.rowCount()));
        }
        for (Table table : db.tables()) {
            extraPerInsertMs.put(table.name(), Time.toMillis(table.writeTime() / table.inserts() - db.costs().rowWrite()));
        }
        double[] cumulative = new double[shapes.size()];
        Map<String, Integer> makerOf = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            makerOf.put(names.get(i), i);
        }
        double sum = 0;
        for (int i = 0; i < shapes.size(); i++) {
            sum += shapes.get(i).share();
            cumulative[i] = sum;
        }
        for (int q = 0; q < QUERIES; q++) {
            double u = random.nextDouble() * sum;
            int s = 0;
            while (s < shapes.size() - 1 && u > cumulative[s]) {
                s++;
            }
            String name = shapes.get(s).name();
            Plan plan = db.plan(makers.get(makerOf.get(name)).get());
            all.record(plan.cost());
            perShape.get(name).record(plan.cost());
            if (!slowest.containsKey(name) || slowest.get(name).cost() < plan.cost()) {
                slowest.put(name, plan);
            }
            if (plan.index() != null) {
                used.add(plan.index().table() + "." + plan.index().name());
            }
            if (plan.innerIndex() != null) {
                used.add(plan.innerIndex().table() + "." + plan.innerIndex().name());
            }
        }
    }

    private long[] customerRow(int i) {
        return new long[] {i, random.nextLong() >>> 1, random.nextLong() >>> 1, random.nextInt(30), random.nextInt(4),
                (long) (random.nextDouble() * YEAR)};
    }

    private long[] orderRow(int i, int orderCount) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        int status = weighted(random.nextInt(100));
        long created = YEAR * Math.min(i, orderCount - 1) / orderCount + random.nextInt(3_600);
        return new long[] {i, (long) (customers.rowCount() * u * u), (long) (SELLERS * v * v), random.nextInt(20), status,
                created, created + 3_600 * (1 + random.nextInt(72)), random.nextInt(100_000)};
    }

    /** Statuses: 0 pending 4%, 1 paid 6%, 2 packed 8%, 3 shipped 12%, 4 delivered 65%, 5 returned 5%. */
    private static int weighted(int percent) {
        int[] upTo = {4, 10, 18, 30, 95, 100};
        for (int s = 0; s < upTo.length; s++) {
            if (percent < upTo[s]) {
                return s;
            }
        }
        return 4;
    }

    private String indexList(Table table) {
        List<String> described = new ArrayList<>();
        for (Index index : table.indexes()) {
            if (!index.primary()) {
                described.add(index + (used.contains(table.name() + "." + index.name()) ? "" : " [no query used it]"));
            }
        }
        return described.isEmpty() ? "none" : String.join(", ", described);
    }

    void showFigures() {
        if (attached || designFailure != null) {
            return;
        }
        attached = true;
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int i = 0;
        for (Workload.Shape shape : workload.queries()) {
            long worst = 0;
            // before: the same shape as full scans (of the inner table too, for a join), as without indexes
            for (int n = 0; n < 2; n++) {
                worst = Math.max(worst, db.scanPlan(makerFor(shape.name()).get()).cost());
            }
            labels.add(String.format(Locale.ROOT, "%s (%.1f%%), no indexes", shape.name(), 100 * shape.share()));
            values.add(Time.toMillis(worst));
            labels.add(String.format(Locale.ROOT, "%s, your indexes", shape.name()));
            values.add(Time.toMillis(perShape.get(shape.name()).count() == 0 ? 0 : perShape.get(shape.name()).percentile(99)));
            i++;
        }
        List<String> writeLabels = new ArrayList<>();
        List<Double> writeValues = new ArrayList<>();
        for (Table table : db.tables()) {
            writeLabels.add(table.name() + ": your indexes (" + table.secondaryIndexes() + ")");
            writeValues.add(extraPerInsertMs.get(table.name()));
            writeLabels.add(table.name() + ": budget");
            writeValues.add(Time.toMillis(workload.writeBudget(table.name())));
        }
        Figures.attach(new BarChart(String.format(Locale.ROOT,
                        "p99 latency per query shape: scans without indexes vs yours, target %.0f ms overall (seed %d)",
                        P99_TARGET_MS, seed), "query shape", "p99 latency (ms)", labels, values),
                new BarChart(String.format(Locale.ROOT, "Time the indexes add to every insert, vs the budget (seed %d)",
                        seed), "table", "extra ms per insert", writeLabels, writeValues),
                all.chart(String.format(Locale.ROOT, "Latency of %,d queries with your indexes (seed %d)", QUERIES,
                        seed), 30));
    }

    private Supplier<Query> makerFor(String name) {
        int i = 0;
        for (String shape : perShape.keySet()) {
            if (shape.equals(name)) {
                return makers.get(i);
            }
            i++;
        }
        throw new IllegalStateException(name);
    }

    private void assertDesigned() {
        if (designFailure != null) {
            throw new AssertionError(designFailure + ". Create indexes only on the workload's tables and columns "
                    + "(db.table(name).columns()), each name once");
        }
    }

    /** Each table's indexes add no more to an insert than its budget. */
    void assertWriteBudget() {
        assertDesigned();
        for (Table table : db.tables()) {
            long budget = workload.writeBudget(table.name());
            if (table.extraWriteCost() > budget) {
                showFigures();
                long affordable = budget / db.costs().indexWrite();
                throw new AssertionError(String.format(Locale.ROOT, "seed %d: your %d indexes on %s add %.2f ms to "
                        + "every insert (%.2f ms each); the workload allows %.2f ms, so at most %d. Yours: %s. Every "
                        + "index is one more B-tree each insert must update, so index what frequent queries need and "
                        + "no more: one composite index serves several queries (an index on (a, b) also serves "
                        + "WHERE a = ?, and a join on a), and a query rarer than about 1%% of all queries can scan "
                        + "without moving the p99", seed, table.secondaryIndexes(), table.name(),
                        Time.toMillis(table.extraWriteCost()), Time.toMillis(db.costs().indexWrite()),
                        Time.toMillis(budget), affordable, indexList(table)));
            }
        }
    }

    /** The p99 of all queries is under the target. */
    void assertP99() {
        assertDesigned();
        double p99 = Time.toMillis(all.percentile(99));
        if (p99 > P99_TARGET_MS) {
            showFigures();
            String worstShape = null;
            double worst = -1;
            for (Workload.Shape shape : workload.queries()) {
                Latencies latencies = perShape.get(shape.name());
                // the shape that contributes most of the slow tail: share × how slow
                double tail = latencies.count() == 0 ? 0 : Time.toMillis(latencies.percentile(90)) * shape.share();
                if (tail > worst) {
                    worst = tail;
                    worstShape = shape.name();
                }
            }
            Workload.Shape shape = workload.queries().stream().filter(s -> s.name().equals(
                    perShape.keySet().stream().filter(n -> n.equals(workload.queries().get(0).name())).findFirst().orElse("")))
                    .findFirst().orElse(null);
            StringBuilder lines = new StringBuilder();
            for (Workload.Shape s : workload.queries()) {
                Latencies latencies = perShape.get(s.name());
                lines.append(String.format(Locale.ROOT, "%n  %5.1f%%  p99 %6.2f ms  %s: %s", 100 * s.share(),
                        latencies.count() == 0 ? 0 : Time.toMillis(latencies.percentile(99)), s.name(),
                        s.example().shape()));
            }
            throw new AssertionError(String.format(Locale.ROOT, "seed %d: the p99 of %,d queries is %.2f ms; the target "
                    + "is %.0f ms. Per shape:%s%nThe slowest \"%s\" query:%n%sA query is fast when an index's first "
                    + "columns are the ones it compares with =, then the one it compares with BETWEEN or sorts by "
                    + "(so a LIMIT stops after a few entries); a join needs an index on the inner table that starts "
                    + "with the join column", seed, QUERIES, p99, P99_TARGET_MS, lines, worstShape,
                    slowest.get(worstShape).explain()));
        }
    }

    void assertAll() {
        assertWriteBudget();
        assertP99();
    }

    static Function<Long, IndexWorkload> of(Kind kind) {
        return seed -> new IndexWorkload(IndexAdvisor::new, seed, kind);
    }
}
