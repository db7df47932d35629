package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A query of a {@link RelationalDatabase}, as a value: one table, equality and range conditions
 * joined by AND, an optional {@code ORDER BY} one column with a {@code LIMIT}, the selected
 * columns, and an optional nested-loop join to a second table. Build one as SQL reads:
 *
 * <pre>{@code
 * // SELECT id, total FROM orders WHERE customer_id = 42 ORDER BY created_at DESC LIMIT 20
 * Query recent = Query.from("orders").whereEquals("customer_id", 42)
 *         .orderedBy("created_at", true).limitTo(20).selecting("id", "total");
 * // SELECT * FROM orders WHERE status = 2 AND created_at BETWEEN 1000 AND 2000
 * Query pending = Query.from("orders").whereEquals("status", 2).whereBetween("created_at", 1000, 2000);
 * // SELECT ... FROM customers JOIN orders ON orders.customer_id = customers.id WHERE customers.email = 7
 * Query support = Query.from("customers").whereEquals("email", 7).selecting("id", "name")
 *         .joining("orders", "customer_id", "id", "id", "total");
 * }</pre>
 *
 * <p>Column values are {@code long}s (a status is a small code, an email its 64-bit hash, a time
 * nanoseconds). The accessors and {@link #equalityColumns()}, {@link #rangeColumns()} and
 * {@link #columnsUsed()} let code reason about a query's shape, as an index advisor does.
 *
 * @param table the table read (the outer table of a join)
 * @param where the conditions, all of which a row must meet
 * @param orderBy the column the result is sorted by, or {@code null} for no order
 * @param descending whether the order is highest first
 * @param limit at most this many rows of the outer table, or 0 for no limit
 * @param select the outer table's columns returned; empty means every column ({@code *})
 * @param join the joined table, or {@code null}
 */
@LearnerApi(allMembers = true)
public record Query(String table, List<Condition> where, String orderBy, boolean descending, int limit,
        List<String> select, Join join) {

    /**
     * One condition on a column: {@code column BETWEEN low AND high}, both ends included; an
     * equality when {@code low == high}.
     *
     * @param column the column
     * @param low the lowest value matched
     * @param high the highest value matched
     */
    @LearnerApi(allMembers = true)
    public record Condition(String column, long low, long high) {
        /**
         * Checks the column is named and the range is not empty.
         *
         * @param column see the record description
         * @param low see the record description
         * @param high see the record description
         */
        public Condition {
            Objects.requireNonNull(column, "column");
            if (high < low) {
                throw new IllegalArgumentException("a BETWEEN range on " + column + " needs low <= high");
            }
        }

        /** @return whether this is {@code column = value} */
        public boolean isEquality() {
            return low == high;
        }

        /**
         * @param value a column value
         * @return whether it meets the condition
         */
        public boolean matches(long value) {
            return value >= low && value <= high;
        }

        @Override
        public String toString() {
            return isEquality() ? column + " = " + low : column + " BETWEEN " + low + " AND " + high;
        }
    }

    /**
     * A nested-loop join: for each row of the outer table, the rows of {@code table} whose
     * {@code column} equals the outer row's {@code outerColumn}
     * ({@code JOIN table ON table.column = outer.outerColumn}).
     *
     * @param table the inner table
     * @param column the inner table's join column
     * @param outerColumn the outer table's column it must equal
     * @param select the inner table's columns returned; empty means every column
     */
    @LearnerApi(allMembers = true)
    public record Join(String table, String column, String outerColumn, List<String> select) {
        /**
         * Checks every part is named and copies the selected columns.
         *
         * @param table see the record description
         * @param column see the record description
         * @param outerColumn see the record description
         * @param select see the record description
         */
        public Join {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(outerColumn, "outerColumn");
            select = List.copyOf(select);
        }

        /** @return the inner table's columns the join reads: its join column and the selected ones */
        public Set<String> columnsUsed() {
            Set<String> used = new LinkedHashSet<>();
            used.add(column);
            used.addAll(select);
            return used;
        }
    }

    /**
     * Checks the query and copies its lists.
     *
     * @param table see the record description
     * @param where see the record description
     * @param orderBy see the record description
     * @param descending see the record description
     * @param limit see the record description
     * @param select see the record description
     * @param join see the record description
     */
    public Query {
        Objects.requireNonNull(table, "table");
        where = List.copyOf(where);
        select = List.copyOf(select);
        if (limit < 0) {
            throw new IllegalArgumentException("a LIMIT must not be negative");
        }
    }

    /**
     * Starts a query of every row and column of a table.
     *
     * @param table the table
     * @return {@code SELECT * FROM table}
     */
    public static Query from(String table) {
        return new Query(table, List.of(), null, false, 0, List.of(), null);
    }

    /**
     * @param column a column of the table
     * @param value the value it must equal
     * @return this query with {@code AND column = value}
     */
    public Query whereEquals(String column, long value) {
        return whereBetween(column, value, value);
    }

    /**
     * @param column a column of the table
     * @param low the lowest value matched
     * @param high the highest value matched
     * @return this query with {@code AND column BETWEEN low AND high}
     */
    public Query whereBetween(String column, long low, long high) {
        List<Condition> more = new ArrayList<>(where);
        more.add(new Condition(column, low, high));
        return new Query(table, more, orderBy, descending, limit, select, join);
    }

    /**
     * @param column the column to sort by
     * @param highestFirst {@code true} for {@code DESC}
     * @return this query with {@code ORDER BY column [DESC]}
     */
    public Query orderedBy(String column, boolean highestFirst) {
        return new Query(table, where, Objects.requireNonNull(column, "column"), highestFirst, limit, select, join);
    }

    /**
     * @param rows at most this many rows (at least 1)
     * @return this query with {@code LIMIT rows}
     */
    public Query limitTo(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("a LIMIT must be at least 1");
        }
        return new Query(table, where, orderBy, descending, rows, select, join);
    }

    /**
     * @param columns the outer table's columns to return
     * @return this query returning only those columns
     */
    public Query selecting(String... columns) {
        return new Query(table, where, orderBy, descending, limit, List.of(columns), join);
    }

    /**
     * @param innerTable the table joined
     * @param innerColumn its column matched
     * @param outerColumn this query's table's column it must equal
     * @param innerColumns the inner table's columns to return
     * @return this query with {@code JOIN innerTable ON innerTable.innerColumn = table.outerColumn}
     */
    public Query joining(String innerTable, String innerColumn, String outerColumn, String... innerColumns) {
        return new Query(table, where, orderBy, descending, limit, select,
                new Join(innerTable, innerColumn, outerColumn, List.of(innerColumns)));
    }

    /** @return the columns compared with {@code =}, in the order written */
    public List<String> equalityColumns() {
        return where.stream().filter(Condition::isEquality).map(Condition::column).distinct().toList();
    }

    /** @return the columns compared with {@code BETWEEN} (not equalities), in the order written */
    public List<String> rangeColumns() {
        return where.stream().filter(c -> !c.isEquality()).map(Condition::column).distinct().toList();
    }

    /** @return whether every column of the outer table is returned ({@code SELECT *}) */
    public boolean selectsAll() {
        return select.isEmpty();
    }

    /**
     * The outer table's columns the query reads: its conditions, order, selected columns and
     * the join's outer column. With {@code SELECT *}, the selected columns are not listed: no
     * index covers them.
     *
     * @return the columns, each once
     */
    public Set<String> columnsUsed() {
        Set<String> used = new LinkedHashSet<>();
        where.forEach(c -> used.add(c.column()));
        if (orderBy != null) {
            used.add(orderBy);
        }
        used.addAll(select);
        if (join != null) {
            used.add(join.outerColumn());
        }
        return used;
    }

    /**
     * The query's shape as SQL with {@code ?} for values, such as
     * {@code SELECT id, total FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT 20}.
     *
     * @return the SQL text of the shape
     */
    public String shape() {
        return sql(false);
    }

    /** @return the query as SQL, with its values */
    @Override
    public String toString() {
        return sql(true);
    }

    private String sql(boolean values) {
        StringBuilder text = new StringBuilder("SELECT ");
        List<String> columns = new ArrayList<>();
        String prefix = join == null ? "" : table + ".";
        if (select.isEmpty()) {
            columns.add(prefix + "*");
        } else {
            select.forEach(c -> columns.add(prefix + c));
        }
        if (join != null) {
            if (join.select().isEmpty()) {
                columns.add(join.table() + ".*");
            } else {
                join.select().forEach(c -> columns.add(join.table() + "." + c));
            }
        }
        text.append(String.join(", ", columns)).append(" FROM ").append(table);
        if (join != null) {
            text.append(" JOIN ").append(join.table()).append(" ON ").append(join.table()).append('.')
                    .append(join.column()).append(" = ").append(table).append('.').append(join.outerColumn());
        }
        for (int i = 0; i < where.size(); i++) {
            Condition c = where.get(i);
            text.append(i == 0 ? " WHERE " : " AND ").append(prefix).append(c.column());
            if (c.isEquality()) {
                text.append(" = ").append(values ? Long.toString(c.low()) : "?");
            } else {
                text.append(" BETWEEN ").append(values ? Long.toString(c.low()) : "?").append(" AND ")
                        .append(values ? Long.toString(c.high()) : "?");
            }
        }
        if (orderBy != null) {
            text.append(" ORDER BY ").append(prefix).append(orderBy).append(descending ? " DESC" : "");
        }
        if (limit > 0) {
            text.append(String.format(Locale.ROOT, " LIMIT %d", limit));
        }
        return text.toString();
    }
}
