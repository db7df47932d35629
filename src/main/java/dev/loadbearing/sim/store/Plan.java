package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How a {@link RelationalDatabase} runs one {@link Query}, and what it costs, as {@code EXPLAIN
 * ANALYZE} shows it: the access path chosen for the table (a full scan, an index scan, or an
 * index-only scan of a covering index), the work it did (levels descended, index entries read,
 * rows fetched, rows sorted), for a join the inner side's lookups, the cost in nanoseconds of
 * virtual time, and the alternatives the planner rejected with their costs.
 */
@LearnerApi
public final class Plan {
    /** The access paths. */
    @LearnerApi(allMembers = true)
    public enum Access {
        /** Every row read and tested: cost proportional to the table's rows. */
        FULL_SCAN,
        /** An index range read, then each matching row fetched from the table. */
        INDEX_SCAN,
        /** A covering index read alone: no row fetched. */
        INDEX_ONLY_SCAN
    }

    final Query query;
    final Access access;
    final Index index;
    final Supplier<String> how;
    final int levels;
    final long rowsScanned;
    final long entriesRead;
    final long rowsFetched;
    final long rowsSorted;
    final long outerCost;
    final int[] result;
    final List<Plan> alternatives = new ArrayList<>();
    final List<String> rejected = new ArrayList<>();
    /** Set on a full scan not run because an index was cheaper than reading every row: its cost is at least outerCost. */
    boolean lowerBound;
    // the join's inner side
    Index innerIndex;
    String innerHow;
    long innerLookups;
    long innerCost;
    long rowsReturned;

    Plan(Query query, Access access, Index index, Supplier<String> how, int levels, long rowsScanned, long entriesRead,
            long rowsFetched, long rowsSorted, long cost, int[] result) {
        this.query = query;
        this.access = access;
        this.index = index;
        this.how = how;
        this.levels = levels;
        this.rowsScanned = rowsScanned;
        this.entriesRead = entriesRead;
        this.rowsFetched = rowsFetched;
        this.rowsSorted = rowsSorted;
        this.outerCost = cost;
        this.result = result;
        this.rowsReturned = result.length;
    }

    /** @return the query planned */
    @LearnerApi
    public Query query() {
        return query;
    }

    /** @return the access path of the (outer) table */
    @LearnerApi
    public Access access() {
        return access;
    }

    /** @return the index read for the (outer) table, or {@code null} for a full scan */
    @LearnerApi
    public Index index() {
        return index;
    }

    /** @return the index of the join's inner table used for each lookup, or {@code null} (a scan of it per outer row, or no join) */
    @LearnerApi
    public Index innerIndex() {
        return innerIndex;
    }

    /** @return rows read by a full scan of the (outer) table */
    @LearnerApi
    public long rowsScanned() {
        return rowsScanned;
    }

    /** @return index entries read */
    @LearnerApi
    public long entriesRead() {
        return entriesRead;
    }

    /** @return rows fetched from the table through the index's pointers */
    @LearnerApi
    public long rowsFetched() {
        return rowsFetched;
    }

    /** @return rows sorted because no index gave them in order (0 when one did) */
    @LearnerApi
    public long rowsSorted() {
        return rowsSorted;
    }

    /** @return rows returned (for a join, outer rows times their inner matches) */
    @LearnerApi
    public long rowsReturned() {
        return rowsReturned;
    }

    /** @return what the query costs, in nanoseconds of virtual time */
    @LearnerApi
    public long cost() {
        return outerCost + innerCost;
    }

    /** @return the cost in milliseconds */
    @LearnerApi
    public double costMs() {
        return Time.toMillis(cost());
    }

    /**
     * The plan in words, as {@code EXPLAIN} prints it: the query, the path chosen and why, its
     * work and cost, then each alternative rejected and what it would have cost.
     *
     * @return several lines of text
     */
    @LearnerApi
    public String explain() {
        StringBuilder text = new StringBuilder(query.toString()).append('\n');
        text.append(String.format(Locale.ROOT, "  -> %s: %s (%.2f ms)%n", label(), how.get(), Time.toMillis(outerCost)));
        if (query.join() != null) {
            text.append(String.format(Locale.ROOT, "  -> nested loop, %d lookups of %s: %s (%.2f ms)%n",
                    innerLookups, query.join().table(), innerHow, Time.toMillis(innerCost)));
        }
        text.append(String.format(Locale.ROOT, "  total %.2f ms, %d rows returned%n", Time.toMillis(cost()), rowsReturned));
        for (Plan other : alternatives) {
            text.append(String.format(Locale.ROOT, "  rejected: %s: %s (%s%.2f ms)%n",
                    other.access == Access.FULL_SCAN ? "full scan" : other.index.toString(), other.how.get(),
                    other.lowerBound ? "at least " : "", Time.toMillis(other.outerCost)));
        }
        for (String other : rejected) {
            text.append("  rejected: ").append(other).append('\n');
        }
        return text.toString();
    }

    private String label() {
        return switch (access) {
            case FULL_SCAN -> "full scan of " + query.table();
            case INDEX_SCAN -> "index scan of " + query.table() + " using " + index;
            case INDEX_ONLY_SCAN -> "index-only scan of " + query.table() + " using " + index;
        };
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s, %.2f ms", query.shape(), label(), costMs());
    }
}
