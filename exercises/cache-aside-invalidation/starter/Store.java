import dev.loadbearing.sim.race.Shared;
import dev.loadbearing.sim.race.SharedValue;
import dev.loadbearing.sim.race.VersionedRow;

/**
 * One product's row in the database and its entry in the shared cache, as the race explorer sees
 * them. The tests open a fresh store for each interleaving they try.
 *
 * <p>Every call is one step, like one round trip: {@code db().read()} and
 * {@code db().writeIfVersion(version, value)} on the database row; on the cache entry
 * {@code cache().read()} (a get: {@code null} is a miss), {@code cache().write(entry)} (a set),
 * {@code cache().write(null)} (a delete) and {@code cache().compareAndSet(expected, entry)} (a
 * conditional set, as memcached's {@code cas} or a Redis script does). Between two steps any other
 * process may take its own.
 */
public final class Store {

    /**
     * What the cache holds for the product: a value with the database version it was read at
     * ({@code lease} null), or a lease handed to the reader {@code lease} who is loading the value
     * ({@code value} null). An entry with neither is a tombstone: it holds no value, only a version.
     */
    public record Entry(String value, long version, String lease) {
        /** A cached value read from the database at {@code version}. */
        public static Entry of(String value, long version) {
            return new Entry(value, version, null);
        }

        /** A lease: {@code reader} is loading the value; a set by anyone else, or after a delete, fails. */
        public static Entry lease(String reader) {
            return new Entry(null, -1, reader);
        }

        /** No value, only the version it replaced (so that older values cannot come back). */
        public static Entry tombstone(long version) {
            return new Entry(null, version, null);
        }

        /** Whether the entry holds a value a reader can return. */
        public boolean hasValue() {
            return value != null;
        }

        @Override
        public String toString() {
            if (value != null) {
                return "\"" + value + "\" (version " + version + ")";
            }
            return lease != null ? "lease of " + lease : "tombstone (version " + version + ")";
        }
    }

    private final VersionedRow<String> db;
    private final SharedValue<Entry> cache;

    /** The row starts at version 0 with {@code initial}; the cache starts with {@code cached} (null: empty). */
    public Store(Shared shared, String initial, Entry cached) {
        db = shared.row("db row", initial);
        cache = shared.value("cache", cached);
    }

    /** The product's row in the database, the source of truth. */
    public VersionedRow<String> db() {
        return db;
    }

    /** The product's entry in the cache. */
    public SharedValue<Entry> cache() {
        return cache;
    }
}
