package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A relational query cost model: {@link Table}s of rows, B-tree {@link Index}es, and a planner
 * that chooses, for each {@link Query}, the cheapest access path and says why in a {@link Plan}
 * ({@code EXPLAIN}). The costs follow from the access path ({@link QueryCosts} holds the
 * constants; n is the table's rows):
 *
 * <ul>
 *   <li><b>full scan</b>: {@code n × scanRow}, plus a sort of the matches if there is an
 *       {@code ORDER BY};</li>
 *   <li><b>index scan</b>: {@code levels × pageRead} to descend (levels = ⌈log_fanout n⌉), then
 *       {@code indexEntry} per entry read in the range that the equality prefix and the range
 *       (or order) column select, then {@code pageRead} per row fetched. Conditions on other
 *       columns the index holds are tested on the entries, before fetching; the rest on the
 *       fetched rows. If the index gives the rows in the {@code ORDER BY}'s order, the scan stops
 *       after {@code LIMIT} rows and nothing is sorted; otherwise every match is fetched and
 *       sorted ({@code sortRow × m × log2 m});</li>
 *   <li><b>index-only scan</b>: the same without fetches, when the index covers every column
 *       the query reads ({@code SELECT *} is never covered);</li>
 *   <li><b>nested-loop join</b>: the outer table's plan, then for each of its rows a lookup of
 *       the inner table: through an index whose first key column is the join column (levels,
 *       entries, and fetches unless covering), or a full scan of the inner table per outer row.</li>
 * </ul>
 *
 * <p>Writes pay for every index: an insert costs {@code rowWrite} plus {@code indexWrite} per
 * secondary index ({@link Table#insertCost()}). Everything is deterministic: the same rows,
 * indexes and query give the same plan and cost.
 *
 * <pre>{@code
 * RelationalDatabase db = new RelationalDatabase();
 * Table orders = db.createTable("orders", "id", "customer_id", "status", "created_at", "total");
 * orders.load(1, 42, 2, 1_000, 1999);                      // ... rows, without cost
 * orders.createIndex("orders_customer_created", "customer_id", "created_at");
 * Plan plan = db.plan(Query.from("orders").whereEquals("customer_id", 42)
 *         .orderedBy("created_at", true).limitTo(20));
 * plan.cost();       // nanoseconds: 2 levels + 20 entries + 20 fetches
 * plan.explain();    // "index scan of orders using orders_customer_created ..."
 * }</pre>
 */
@LearnerApi
public final class RelationalDatabase {
    private final QueryCosts costs;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private long queries;

    /** Creates an empty database with the default costs. */
    public RelationalDatabase() {
        this(QueryCosts.DEFAULT);
    }

    /**
     * Creates an empty database.
     *
     * @param costs the cost model's constants
     */
    public RelationalDatabase(QueryCosts costs) {
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    /**
     * Creates a table; its first column is the primary key.
     *
     * @param name unique in the database
     * @param columns its columns, at least one
     * @return the table
     */
    public Table createTable(String name, String... columns) {
        if (tables.containsKey(name)) {
            throw new IllegalArgumentException("there is already a table named " + name);
        }
        Table table = new Table(this, name, List.of(columns));
        tables.put(name, table);
        return table;
    }

    /**
     * @param name a table's name
     * @return the table
     * @throws IllegalArgumentException if there is none
     */
    @LearnerApi
    public Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("there is no table " + name + " (tables: "
                    + String.join(", ", tables.keySet()) + ")");
        }
        return table;
    }

    /** @return every table, in the order created */
    @LearnerApi
    public List<Table> tables() {
        return List.copyOf(tables.values());
    }

    /** @return the cost model's constants */
    @LearnerApi
    public QueryCosts costs() {
        return costs;
    }

    /** @return queries planned so far */
    public long queries() {
        return queries;
    }

    /**
     * Plans and runs a query: the cheapest access path over the table's indexes (ties go to the
     * path considered first: the full scan, then the indexes in the order created).
     *
     * @param query the query
     * @return the plan, its work and its cost
     * @throws IllegalArgumentException if it names a table or column that does not exist
     */
    @LearnerApi
    public Plan plan(Query query) {
        queries++;
        Table table = table(query.table());
        query.columnsUsed().forEach(table::positionOf);
        List<Plan> candidates = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        // A scan costs at least its rows; it is run (to count what it would sort) only if that could win.
        long scanAtLeast = table.rowCount() * costs.scanRow();
        // A path is abandoned once its cost passes one already known: the scan's most, or a finished index path.
        long cutoff = scanAtLeast + (query.orderBy() == null ? 0 : sortCost(table.rowCount()));
        for (Table.Built built : table.built()) {
            Plan path = viaIndex(table, query, built, cutoff);
            if (path != null && !path.lowerBound) {
                cutoff = Math.min(cutoff, path.outerCost);
            }
            if (path == null) {
                unusable.add(built.index + ": not usable, its first column " + built.index.key().get(0)
                        + " is neither compared by = or BETWEEN nor the ORDER BY");
            } else {
                candidates.add(path);
            }
        }
        Plan cheapestIndex = null;
        for (Plan candidate : candidates) {
            if (cheapestIndex == null || candidate.outerCost < cheapestIndex.outerCost) {
                cheapestIndex = candidate;
            }
        }
        Plan scan;
        if (cheapestIndex == null || scanAtLeast <= cheapestIndex.outerCost) {
            scan = scan(table, query);
        } else {
            int rows = table.rowCount();
            scan = new Plan(query, Plan.Access.FULL_SCAN, null,
                    () -> String.format(Locale.ROOT, "read all %,d rows%s", rows, query.orderBy() == null ? ""
                            : ", then sort the matches by " + query.orderBy()),
                    0, rows, 0, 0, 0, scanAtLeast, new int[0]);
            scan.lowerBound = query.orderBy() != null;
        }
        candidates.add(0, scan);
        Plan best = candidates.get(0);
        for (Plan candidate : candidates) {
            if (candidate.outerCost < best.outerCost) {
                best = candidate;
            }
        }
        for (Plan candidate : candidates) {
            if (candidate != best) {
                best.alternatives.add(candidate);
            }
        }
        best.rejected.addAll(unusable);
        if (query.join() != null) {
            join(table, query, best);
        }
        return best;
    }

    /**
     * Plans a query as if its tables had no secondary index: a full scan (and, for a join, a scan
     * of the inner table per outer row), to compare a design with the starting point.
     *
     * @param query the query
     * @return the full-scan plan
     */
    public Plan scanPlan(Query query) {
        Table table = table(query.table());
        query.columnsUsed().forEach(table::positionOf);
        Plan scan = scan(table, query);
        if (query.join() != null) {
            Table inner = table(query.join().table());
            query.join().columnsUsed().forEach(inner::positionOf);
            scan.innerLookups = scan.result.length;
            scan.innerCost = (long) scan.result.length * inner.rowCount() * costs.scanRow();
            scan.innerHow = String.format(Locale.ROOT, "a full scan of its %,d rows per outer row", inner.rowCount());
        }
        return scan;
    }

    /**
     * @param query a query
     * @return {@code plan(query).explain()}
     */
    @LearnerApi
    public String explain(Query query) {
        return plan(query).explain();
    }

    // ------------------------------------------------------------------ access paths

    private long sortCost(long rows) {
        return rows < 2 ? 0 : (long) (costs.sortRow() * rows * (Math.log(rows) / Math.log(2)));
    }

    private Plan scan(Table table, Query query) {
        int n = table.rowCount();
        List<Query.Condition> where = query.where();
        int[] found;
        int count;
        if (where.isEmpty()) {
            found = new int[n];
            for (int r = 0; r < n; r++) {
                found[r] = r;
            }
            count = n;
        } else {
            // the first condition over its column, in one tight loop; the others on its matches
            Query.Condition first = where.get(0);
            long[] column = table.column(table.positionOf(first.column()));
            long low = first.low();
            long high = first.high();
            List<Query.Condition> rest = where.subList(1, where.size());
            int[] restAt = positions(table, rest);
            found = new int[16];
            count = 0;
            for (int r = 0; r < n; r++) {
                long v = column[r];
                if (v >= low && v <= high && matches(table, r, rest, restAt)) {
                    if (count == found.length) {
                        found = Arrays.copyOf(found, count * 2);
                    }
                    found[count++] = r;
                }
            }
        }
        int[] result = Arrays.copyOf(found, count);
        long sorted = 0;
        if (query.orderBy() != null) {
            result = ordered(table, query, result);
            sorted = count;
        }
        if (query.limit() > 0 && result.length > query.limit()) {
            result = Arrays.copyOf(result, query.limit());
        }
        long cost = n * costs.scanRow() + sortCost(sorted);
        int scanned = n;
        long sortedRows = sorted;
        return new Plan(query, Plan.Access.FULL_SCAN, null, () -> String.format(Locale.ROOT, "read all %,d rows%s",
                scanned, sortedRows > 0 ? String.format(Locale.ROOT, ", sorted %,d matches by %s", sortedRows,
                        query.orderBy()) : ""), 0, n, 0, 0, sorted, cost, result);
    }

    private static int[] ordered(Table table, Query query, int[] rowNumbers) {
        int at = table.positionOf(query.orderBy());
        Integer[] boxed = Arrays.stream(rowNumbers).boxed().toArray(Integer[]::new);
        long[] column = table.column(at);
        Arrays.sort(boxed, (a, b) -> {
            int c = Long.compare(column[a], column[b]);
            return query.descending() ? -c : c;
        });
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    private Plan viaIndex(Table table, Query query, Table.Built built, long cutoff) {
        List<String> key = built.index.key();
        List<Query.Condition> where = query.where();
        List<Query.Condition> used = new ArrayList<>();
        List<Long> prefix = new ArrayList<>();
        int k = 0;
        while (k < key.size()) {
            String column = key.get(k);
            Query.Condition eq = where.stream().filter(c -> c.isEquality() && c.column().equals(column)).findFirst()
                    .orElse(null);
            if (eq == null) {
                break;
            }
            used.add(eq);
            prefix.add(eq.low());
            k++;
        }
        Query.Condition range = null;
        if (k < key.size()) {
            String column = key.get(k);
            range = where.stream().filter(c -> !c.isEquality() && c.column().equals(column)).findFirst().orElse(null);
            if (range != null) {
                used.add(range);
            }
        }
        boolean inOrder = query.orderBy() == null || (k < key.size() && key.get(k).equals(query.orderBy()))
                || key.subList(0, k).contains(query.orderBy());
        boolean orderWalk = query.orderBy() != null && k < key.size() && key.get(k).equals(query.orderBy());
        if (k == 0 && range == null && !orderWalk) {
            return null;
        }
        int[] entries = table.entries(built);
        int[] keys = built.keyPositions;
        long[] probe = new long[k + 1];
        for (int i = 0; i < k; i++) {
            probe[i] = prefix.get(i);
        }
        int width = range == null ? k : k + 1;
        if (range != null) {
            probe[k] = range.low();
        }
        int lo = bound(table, entries, keys, probe, width, false);
        if (range != null) {
            probe[k] = range.high();
        }
        int hi = bound(table, entries, keys, probe, width, true);

        boolean covering = !query.selectsAll() && built.columns.containsAll(query.columnsUsed());
        List<Query.Condition> onEntries = new ArrayList<>();
        List<Query.Condition> onRows = new ArrayList<>();
        for (Query.Condition c : where) {
            if (!used.contains(c)) {
                (built.columns.contains(c.column()) ? onEntries : onRows).add(c);
            }
        }
        boolean backwards = orderWalk && query.descending();
        boolean stopEarly = inOrder && query.limit() > 0;
        int[] found = new int[Math.max(0, hi - lo)];
        int count = 0;
        long read = 0;
        long fetched = 0;
        int levels = costs.levels(entries.length);
        long spent = levels * costs.pageRead();
        boolean abandoned = false;
        int[] entryAt = positions(table, onEntries);
        int[] rowAt = positions(table, onRows);
        for (int step = 0; step < hi - lo; step++) {
            if (spent > cutoff) {
                abandoned = true;
                break;
            }
            int row = entries[backwards ? hi - 1 - step : lo + step];
            read++;
            spent += costs.indexEntry();
            if (!matches(table, row, onEntries, entryAt)) {
                continue;
            }
            if (!covering) {
                fetched++;
                spent += costs.pageRead();
                if (!matches(table, row, onRows, rowAt)) {
                    continue;
                }
            }
            found[count++] = row;
            if (stopEarly && count == query.limit()) {
                break;
            }
        }
        int[] result = Arrays.copyOf(found, count);
        long sorted = 0;
        if (!inOrder && !abandoned) {
            result = ordered(table, query, result);
            sorted = count;
        }
        if (query.limit() > 0 && result.length > query.limit()) {
            result = Arrays.copyOf(result, query.limit());
        }
        long cost = levels * costs.pageRead() + read * costs.indexEntry() + fetched * costs.pageRead()
                + sortCost(sorted);
        int k0 = k;
        Query.Condition range0 = range;
        long read0 = read;
        long fetched0 = fetched;
        long sorted0 = sorted;
        boolean cut = abandoned;
        Supplier<String> how = () -> {
            List<String> why = new ArrayList<>();
            if (k0 > 0) {
                why.add("= on " + String.join(", ", key.subList(0, k0)));
            }
            if (range0 != null) {
                why.add("BETWEEN on " + range0.column());
            }
            if (orderWalk) {
                why.add("read in " + query.orderBy() + " order" + (stopEarly ? ", stopped after " + query.limit() : ""));
            }
            if (cut) {
                return String.format(Locale.ROOT, "%s; %d levels, abandoned after %,d entries read and %,d rows "
                        + "fetched: already dearer than another path", String.join(", ", why), levels, read0, fetched0);
            }
            return String.format(Locale.ROOT, "%s; %d levels, %,d entries read%s%s%s", String.join(", ", why),
                    levels, read0,
                    onEntries.isEmpty() ? "" : " (filtered on " + columnsOf(onEntries) + " in the index)",
                    covering ? ", covering: no row fetched" : String.format(Locale.ROOT, ", %,d rows fetched%s",
                            fetched0, onRows.isEmpty() ? "" : " and filtered on " + columnsOf(onRows)),
                    sorted0 > 0 ? String.format(Locale.ROOT, ", %,d sorted by %s", sorted0, query.orderBy()) : "");
        };
        Plan plan = new Plan(query, covering ? Plan.Access.INDEX_ONLY_SCAN : Plan.Access.INDEX_SCAN, built.index,
                how,
                levels, 0, read, fetched, sorted, cost, abandoned ? new int[0] : result);
        plan.lowerBound = abandoned;
        return plan;
    }

    private static int[] positions(Table table, List<Query.Condition> conditions) {
        return conditions.stream().mapToInt(c -> table.positionOf(c.column())).toArray();
    }

    private static boolean matches(Table table, int row, List<Query.Condition> conditions, int[] at) {
        for (int i = 0; i < at.length; i++) {
            Query.Condition c = conditions.get(i);
            long v = table.column(at[i])[row];
            if (v < c.low() || v > c.high()) {
                return false;
            }
        }
        return true;
    }

    private static String columnsOf(List<Query.Condition> conditions) {
        return String.join(", ", conditions.stream().map(Query.Condition::column).distinct().toList());
    }

    /**
     * The first entry whose key (its first {@code width} columns) is at least the probe, or with
     * {@code after}, greater than it.
     */
    private static int bound(Table table, int[] entries, int[] keys, long[] probe, int width, boolean after) {
        int lo = 0;
        int hi = entries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int row = entries[mid];
            int c = 0;
            for (int i = 0; c == 0 && i < width; i++) {
                c = Long.compare(table.column(keys[i])[row], probe[i]);
            }
            if (after ? c <= 0 : c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void join(Table outer, Query query, Plan plan) {
        Query.Join join = query.join();
        Table inner = table(join.table());
        join.columnsUsed().forEach(inner::positionOf);
        int outerAt = outer.positionOf(join.outerColumn());
        int lookups = plan.result.length;
        long scanTotal = (long) lookups * inner.rowCount() * costs.scanRow();
        long bestCost = scanTotal;
        Table.Built bestIndex = null;
        long bestMatches = -1;
        boolean bestCovering = false;
        List<String> rejected = new ArrayList<>();
        for (Table.Built built : inner.built()) {
            if (!built.index.key().get(0).equals(join.column())) {
                continue;
            }
            int[] entries = inner.entries(built);
            int levels = costs.levels(entries.length);
            boolean covering = !join.select().isEmpty() && built.columns.containsAll(join.columnsUsed());
            long matches = 0;
            long[] probe = new long[1];
            for (int row : plan.result) {
                probe[0] = outer.column(outerAt)[row];
                matches += bound(inner, entries, built.keyPositions, probe, 1, true)
                        - bound(inner, entries, built.keyPositions, probe, 1, false);
            }
            long cost = lookups * levels * costs.pageRead() + matches * costs.indexEntry()
                    + (covering ? 0 : matches * costs.pageRead());
            if (cost < bestCost) {
                if (bestIndex != null) {
                    rejected.add(String.format(Locale.ROOT, "inner %s (%.2f ms)", bestIndex.index, Time.toMillis(bestCost)));
                }
                bestCost = cost;
                bestIndex = built;
                bestMatches = matches;
                bestCovering = covering;
            } else {
                rejected.add(String.format(Locale.ROOT, "inner %s (%.2f ms)", built.index, Time.toMillis(cost)));
            }
        }
        plan.innerLookups = lookups;
        plan.innerCost = bestCost;
        if (bestIndex == null) {
            plan.innerHow = String.format(Locale.ROOT, "no index starts with %s.%s, so a full scan of its %,d rows "
                    + "per outer row", join.table(), join.column(), inner.rowCount());
            long matches = 0;
            long[] column = inner.column(inner.positionOf(join.column()));
            for (int row : plan.result) {
                long value = outer.column(outerAt)[row];
                for (int r = 0; r < inner.rowCount(); r++) {
                    if (column[r] == value) {
                        matches++;
                    }
                }
            }
            plan.rowsReturned = matches;
        } else {
            plan.innerIndex = bestIndex.index;
            plan.innerHow = String.format(Locale.ROOT, "using %s, %,d matching entries%s", bestIndex.index,
                    bestMatches, bestCovering ? ", covering: no row fetched"
                            : String.format(Locale.ROOT, ", %,d rows fetched", bestMatches));
            plan.rowsReturned = bestMatches;
            rejected.add(String.format(Locale.ROOT, "inner full scan of %,d rows per outer row (%.2f ms)",
                    inner.rowCount(), Time.toMillis(scanTotal)));
        }
        plan.rejected.addAll(rejected);
    }
}
