package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A B-tree index of a {@link Table}, as a value: its entries are sorted by the {@code key}
 * columns, first column first, and each entry also holds the {@code include} columns and a
 * pointer to its row. An index serves a query whose conditions fix a <em>prefix</em> of its key
 * with equalities, then optionally a range (or the {@code ORDER BY}) on the next key column; it
 * <em>covers</em> a query when it holds every column the query reads, so the rows themselves are
 * never fetched.
 *
 * @param table the table indexed
 * @param name the index's name, unique in its table
 * @param key the sorted columns, at least one
 * @param include further columns stored in each entry (for covering), not sorted by
 * @param primary whether this is the table's primary-key index, which every table has
 */
@LearnerApi(allMembers = true)
public record Index(String table, String name, List<String> key, List<String> include, boolean primary) {
    /** Bytes of one column value in an entry, and of the pointer to the row. */
    public static final int VALUE_BYTES = 8;

    /**
     * Checks the parts and copies the lists.
     *
     * @param table see the record description
     * @param name see the record description
     * @param key see the record description
     * @param include see the record description
     * @param primary see the record description
     */
    public Index {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        key = List.copyOf(key);
        include = List.copyOf(include);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " needs at least one key column");
        }
    }

    /** @return the key and include columns: what an entry holds */
    public Set<String> columns() {
        Set<String> all = new LinkedHashSet<>(key);
        all.addAll(include);
        return all;
    }

    /**
     * @param columns columns a query reads
     * @return whether every one is in the index's entries
     */
    public boolean covers(Collection<String> columns) {
        return columns().containsAll(columns);
    }

    /** @return the bytes of one entry: its columns and the row pointer */
    public int entryBytes() {
        return VALUE_BYTES * (columns().size() + 1);
    }

    @Override
    public String toString() {
        return name + " (" + String.join(", ", key) + ")"
                + (include.isEmpty() ? "" : " INCLUDE (" + String.join(", ", include) + ")");
    }
}
