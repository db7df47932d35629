package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One table of a {@link RelationalDatabase}: rows of {@code long} columns, the first column its
 * primary key (with the primary-key index every table has), and the secondary {@link Index}es
 * created on it. Learner code reads the table's shape and statistics ({@link #columns()},
 * {@link #rowCount()}, {@link #distinctValues(String)}), creates and drops indexes, and reads
 * what they cost ({@link #extraWriteCost()}, {@link #indexBytes()}); tests load and insert rows.
 *
 * <p>Every secondary index adds {@link QueryCosts#indexWrite()} to each insert, and to each
 * update of a column it holds, and {@link Index#entryBytes()} per row to the index's size.
 */
@LearnerApi
public final class Table {
    private final RelationalDatabase db;
    private final String name;
    private final List<String> columns;
    private final Map<String, Integer> position = new LinkedHashMap<>();
    /** Column-major: data[column][row], so a scan reads one array. */
    private long[][] data;
    private int size;
    private final Map<String, Built> indexes = new LinkedHashMap<>();
    private final Map<String, Integer> distinct = new LinkedHashMap<>();
    private long inserts;
    private long writeTime;

    /** An index and its entries: row numbers sorted by the key columns, rebuilt when rows were added. */
    static final class Built {
        final Index index;
        final int[] keyPositions;
        final Set<String> columns;
        int[] sorted = new int[0];
        int builtFor = -1;

        Built(Index index, int[] keyPositions) {
            this.index = index;
            this.keyPositions = keyPositions;
            this.columns = index.columns();
        }
    }

    Table(RelationalDatabase db, String name, List<String> columns) {
        this.db = db;
        this.name = Objects.requireNonNull(name, "name");
        this.columns = List.copyOf(columns);
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " needs at least one column");
        }
        for (int i = 0; i < this.columns.size(); i++) {
            if (position.put(this.columns.get(i), i) != null) {
                throw new IllegalArgumentException("table " + name + " has two columns named " + this.columns.get(i));
            }
        }
        data = new long[this.columns.size()][1_024];
        Index pkey = new Index(name, name + "_pkey", List.of(this.columns.get(0)), List.of(), true);
        indexes.put(pkey.name(), new Built(pkey, new int[] {0}));
    }

    /** @return the table's name */
    @LearnerApi
    public String name() {
        return name;
    }

    /** @return its columns, the primary key first */
    @LearnerApi
    public List<String> columns() {
        return columns;
    }

    /** @return its primary-key column */
    @LearnerApi
    public String primaryKey() {
        return columns.get(0);
    }

    /** @return how many rows it holds */
    @LearnerApi
    public int rowCount() {
        return size;
    }

    /**
     * How many different values a column holds, as a database's statistics say: the lower,
     * the more rows each value matches ({@code rowCount() / distinctValues(column)} on average).
     *
     * @param column a column of the table
     * @return the number of distinct values
     */
    @LearnerApi
    public int distinctValues(String column) {
        int at = positionOf(column);
        return distinct.computeIfAbsent(column, c -> {
            Set<Long> values = new HashSet<>();
            for (int r = 0; r < size; r++) {
                values.add(data[at][r]);
            }
            return values.size();
        });
    }

    /** @return its indexes: the primary key's first, then the secondary ones in the order created */
    @LearnerApi
    public List<Index> indexes() {
        return indexes.values().stream().map(b -> b.index).toList();
    }

    /**
     * Creates a secondary B-tree index sorted by the given columns.
     *
     * @param indexName unique in this table
     * @param key the columns to sort by, first column first
     * @return the index
     * @throws IllegalArgumentException if the name is taken, a column does not exist or repeats
     */
    @LearnerApi
    public Index createIndex(String indexName, String... key) {
        return createIndex(indexName, List.of(key), List.of());
    }

    /**
     * Creates a secondary B-tree index sorted by {@code key} whose entries also hold the
     * {@code include} columns, so it can cover queries that read them.
     *
     * @param indexName unique in this table
     * @param key the columns to sort by, first column first
     * @param include further columns held in each entry
     * @return the index
     * @throws IllegalArgumentException if the name is taken, a column does not exist or repeats
     */
    @LearnerApi
    public Index createIndex(String indexName, List<String> key, List<String> include) {
        Objects.requireNonNull(indexName, "indexName");
        if (indexes.containsKey(indexName)) {
            throw new IllegalArgumentException("table " + name + " already has an index named " + indexName);
        }
        Set<String> seen = new HashSet<>();
        for (String column : key) {
            positionOf(column);
            if (!seen.add(column)) {
                throw new IllegalArgumentException("index " + indexName + " lists " + column + " twice");
            }
        }
        for (String column : include) {
            positionOf(column);
        }
        Index index = new Index(name, indexName, key, include.stream().filter(c -> !seen.contains(c)).distinct().toList(),
                false);
        indexes.put(indexName, new Built(index, key.stream().mapToInt(this::positionOf).toArray()));
        return index;
    }

    /**
     * Drops a secondary index.
     *
     * @param indexName its name
     * @return whether there was one (the primary key cannot be dropped)
     */
    @LearnerApi
    public boolean dropIndex(String indexName) {
        Built built = indexes.get(indexName);
        if (built == null || built.index.primary()) {
            return false;
        }
        indexes.remove(indexName);
        return true;
    }

    /** @return the secondary indexes' count */
    @LearnerApi
    public int secondaryIndexes() {
        return indexes.size() - 1;
    }

    /** @return what one insert costs now: the row, plus one entry per secondary index, in nanoseconds */
    @LearnerApi
    public long insertCost() {
        return db.costs().rowWrite() + extraWriteCost();
    }

    /** @return what the secondary indexes add to each insert, in nanoseconds */
    @LearnerApi
    public long extraWriteCost() {
        return db.costs().indexWrite() * secondaryIndexes();
    }

    /**
     * @param changed the columns an update changes
     * @return what the update costs: the row, plus one entry rewritten in each secondary index that holds a changed column
     */
    @LearnerApi
    public long updateCost(String... changed) {
        long cost = db.costs().rowWrite();
        for (Built built : indexes.values()) {
            if (!built.index.primary() && Arrays.stream(changed).anyMatch(built.columns::contains)) {
                cost += db.costs().indexWrite();
            }
        }
        return cost;
    }

    /** @return the bytes of every secondary index: entries times entry size */
    @LearnerApi
    public long indexBytes() {
        long bytes = 0;
        for (Built built : indexes.values()) {
            if (!built.index.primary()) {
                bytes += (long) built.index.entryBytes() * size;
            }
        }
        return bytes;
    }

    // ------------------------------------------------------------------ author API: rows

    /**
     * Adds a row without cost: to set the table up before a run.
     *
     * @param values one value per column
     */
    public void load(long... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("table " + name + " has " + columns.size() + " columns, not "
                    + values.length);
        }
        if (size == data[0].length) {
            for (int c = 0; c < data.length; c++) {
                data[c] = Arrays.copyOf(data[c], size * 2);
            }
        }
        for (int c = 0; c < data.length; c++) {
            data[c][size] = values[c];
        }
        size++;
        distinct.clear();
    }

    /**
     * Inserts a row as the application would, and counts what it costs ({@link #insertCost()}).
     *
     * @param values one value per column
     * @return the insert's cost in nanoseconds
     */
    public long insert(long... values) {
        load(values);
        long cost = insertCost();
        inserts++;
        writeTime += cost;
        return cost;
    }

    /** @return inserts counted by {@link #insert} */
    public long inserts() {
        return inserts;
    }

    /** @return the total time those inserts took, in nanoseconds */
    public long writeTime() {
        return writeTime;
    }

    /**
     * @param row a row number, from 0
     * @param column a column
     * @return the row's value of the column
     */
    public long value(int row, String column) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
        return data[positionOf(column)][row];
    }

    // ------------------------------------------------------------------ for the planner

    int positionOf(String column) {
        Integer at = position.get(column);
        if (at == null) {
            throw new IllegalArgumentException("table " + name + " has no column " + column + " (its columns: "
                    + String.join(", ", columns) + ")");
        }
        return at;
    }

    /** The column's values, by row number (the array may be longer than rowCount()). */
    long[] column(int position) {
        return data[position];
    }

    Iterable<Built> built() {
        return indexes.values();
    }

    /** The index's entries, sorted by its key (then row number), rebuilt if rows were added. */
    int[] entries(Built built) {
        if (built.builtFor != size) {
            int[] order = new int[size];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            long[][] keys = new long[built.keyPositions.length][];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = data[built.keyPositions[k]];
            }
            mergeSort(order, new int[order.length], 0, order.length, keys);
            built.sorted = order;
            built.builtFor = size;
        }
        return built.sorted;
    }

    /** Compares two rows by the key columns, then by row number. */
    private static int compare(int a, int b, long[][] keys) {
        for (long[] key : keys) {
            int c = Long.compare(key[a], key[b]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a, b);
    }

    /** A stable merge sort of row numbers, without boxing them. */
    private static void mergeSort(int[] a, int[] scratch, int from, int to, long[][] keys) {
        if (to - from < 16) {
            for (int i = from + 1; i < to; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], x, keys) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, scratch, from, mid, keys);
        mergeSort(a, scratch, mid, to, keys);
        if (compare(a[mid - 1], a[mid], keys) <= 0) {
            return;
        }
        System.arraycopy(a, from, scratch, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compare(scratch[i], scratch[j], keys) <= 0)) {
                a[k] = scratch[i++];
            } else {
                a[k] = scratch[j++];
            }
        }
    }

    @Override
    public String toString() {
        return name + " (" + String.join(", ", columns) + "), " + size + " rows";
    }
}
