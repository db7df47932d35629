import dev.loadbearing.sim.store.Row;

/**
 * What the cache holds for a key: a value with the database version it was written or read at,
 * or, with {@code value} null, no value but a version (a tombstone, or a placeholder). Versions
 * are the database row's: 1 for the first committed write, +1 for every later one.
 *
 * @param value the cached value, or null for a tombstone or a placeholder
 * @param version the row version the value (or the tombstone) stands for
 */
public record Entry(String value, long version) {

    /** The row as the database answered it (a read, or the reply to a write). */
    public static Entry of(Row<String> row) {
        return new Entry(row.value(), row.version());
    }

    /** No value, only "the row is at {@code version} or later": an older value may not replace it. */
    public static Entry tombstone(long version) {
        return new Entry(null, version);
    }

    /** A reader is loading this key from the database: older than any row, so anything may replace it. */
    public static Entry placeholder() {
        return new Entry(null, -1);
    }

    /** Whether a reader can return this entry's value. */
    public boolean hasValue() {
        return value != null;
    }
}
