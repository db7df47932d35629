import dev.loadbearing.sim.race.Versioned;

/**
 * Cache-aside for one product: readers look in the cache first and fill it on a miss; writers
 * update the database and then invalidate the cache.
 *
 * <p>Several readers and a writer run at the same time. Each call on {@code store.db()} or
 * {@code store.cache()} is one step, and between two steps any other process may run. No state in
 * fields: everything shared lives in the store.
 */
public final class ProductCache {

    /**
     * Reads the product: the cached value on a hit; on a miss the database's, which it puts in the
     * cache for the next reader.
     *
     * @param store the database row and the cache entry
     * @param reader the calling reader's name ("reader-1", ...), unique among the processes
     * @return the product's value
     */
    public static String read(Store store, String reader) {
        Store.Entry cached = store.cache().read();
        if (cached != null && cached.hasValue()) {
            return cached.value();                                     // a hit
        }
        Versioned<String> row = store.db().read();                      // a miss: the source of truth
        // A writer may have updated the row and deleted the entry since we read it.
        store.cache().write(Store.Entry.of(row.value(), row.version()));
        return row.value();
    }

    /**
     * Writes a new value: the database first, then invalidates the cache entry so the next read
     * loads the new value.
     *
     * @param store the database row and the cache entry
     * @param value the new value
     */
    public static void write(Store store, String value) {
        while (true) {
            Versioned<String> row = store.db().read();
            if (store.db().writeIfVersion(row.version(), value)) {
                break;
            }
        }
        store.cache().write(null);                                      // delete the entry
    }
}
