import dev.loadbearing.sim.store.Query;
import dev.loadbearing.sim.store.RelationalDatabase;
import dev.loadbearing.sim.store.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the indexes for an application's query workload, as a database engineer does before
 * launch: every frequent query should read a few index entries and rows instead of scanning its
 * table, while each table's indexes stay within what the workload allows every insert to pay.
 *
 * <p>For each query shape, the index that serves it has the columns compared with = first, then
 * the one compared with BETWEEN, or else the ORDER BY column: the equalities pick one contiguous
 * run of entries, already in the order asked for, so a LIMIT stops after a few. A join needs an
 * index on the inner table that starts with the join column. An index whose key starts with
 * another's makes the shorter one redundant. Queries rarer than the p99 can absorb (well under 1%
 * of all queries together) are left to scan, and each table gets at most as many indexes as its
 * write budget pays for, the most-used first.
 */
public final class IndexAdvisor {
    /** Shapes this rare, together, may scan: p99 ignores the slowest 1% of queries. */
    private static final double RARE = 0.005;

    public void design(RelationalDatabase db, Workload workload) {
        // per table, wanted keys with the share of queries each serves
        Map<String, Map<List<String>, Double>> wanted = new LinkedHashMap<>();
        List<Workload.Shape> shapes = new ArrayList<>(workload.queries());
        shapes.sort(Comparator.comparingDouble(Workload.Shape::share));
        double skipped = 0;
        for (Workload.Shape shape : shapes) {
            if (skipped + shape.share() < RARE) {
                skipped += shape.share();
                continue;
            }
            Query query = shape.example();
            List<String> key = new ArrayList<>(query.equalityColumns());
            if (!query.rangeColumns().isEmpty()) {
                key.add(query.rangeColumns().get(0));
            } else if (query.orderBy() != null && !key.contains(query.orderBy())) {
                key.add(query.orderBy());
            }
            if (!key.isEmpty()) {
                wanted.computeIfAbsent(query.table(), t -> new LinkedHashMap<>()).merge(key, shape.share(), Double::sum);
            }
            if (query.join() != null) {
                wanted.computeIfAbsent(query.join().table(), t -> new LinkedHashMap<>())
                        .merge(List.of(query.join().column()), shape.share(), Double::sum);
            }
        }
        for (Map.Entry<String, Map<List<String>, Double>> entry : wanted.entrySet()) {
            Table table = db.table(entry.getKey());
            Map<List<String>, Double> keys = merged(entry.getValue());
            keys.keySet().removeIf(key -> key.get(0).equals(table.primaryKey()));
            long affordable = workload.writeBudget(table.name()) / db.costs().indexWrite();
            List<Map.Entry<List<String>, Double>> ranked = new ArrayList<>(keys.entrySet());
            ranked.sort(Map.Entry.<List<String>, Double>comparingByValue().reversed());
            for (int i = 0; i < ranked.size() && i < affordable; i++) {
                List<String> key = ranked.get(i).getKey();
                table.createIndex(table.name() + "_" + String.join("_", key), key.toArray(String[]::new));
            }
        }
    }

    /** Drops each key that is a prefix of a longer one, adding its share to the longer one. */
    private static Map<List<String>, Double> merged(Map<List<String>, Double> keys) {
        Map<List<String>, Double> result = new LinkedHashMap<>();
        List<List<String>> longestFirst = new ArrayList<>(keys.keySet());
        longestFirst.sort(Comparator.comparingInt(k -> -k.size()));
        for (List<String> key : longestFirst) {
            List<String> home = result.keySet().stream()
                    .filter(longer -> longer.size() >= key.size() && longer.subList(0, key.size()).equals(key))
                    .findFirst().orElse(key);
            result.merge(home, keys.get(key), Double::sum);
        }
        return result;
    }
}
