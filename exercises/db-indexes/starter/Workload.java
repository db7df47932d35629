import dev.loadbearing.sim.store.Query;
import java.util.List;
import java.util.Map;

/**
 * What the application asks of its database, as the team measured it: each query shape with an
 * example of it and its share of all queries, and for each table how much time the indexes may
 * add to every insert.
 *
 * @param queries the query shapes, most frequent first; their shares add up to 1
 * @param extraWriteBudget per table, the most time (nanoseconds) the secondary indexes may add to each insert
 * @param p99TargetMs the target for the 99th percentile of all queries' latencies
 */
public record Workload(List<Shape> queries, Map<String, Long> extraWriteBudget, double p99TargetMs) {

    /**
     * One kind of query the application sends, with different values each time.
     *
     * @param name what the application uses it for, such as "a customer's recent orders"
     * @param example one such query: read its shape with equalityColumns(), rangeColumns(),
     *     orderBy(), limit(), columnsUsed() and join()
     * @param share its fraction of all queries, from 0 to 1
     */
    public record Shape(String name, Query example, double share) {
    }

    /**
     * @param table a table's name
     * @return the most time, in nanoseconds, its secondary indexes may add to each insert (0 if none may)
     */
    public long writeBudget(String table) {
        return extraWriteBudget.getOrDefault(table, 0L);
    }
}
