import dev.loadbearing.sim.race.Versioned;

/**
 * Cache-aside with a lease: a reader who misses takes a lease on the entry before it reads the
 * database, and sets the value only if its lease is still there. A writer's delete removes the
 * lease, so a reader who read the old row before the write cannot put it back afterwards.
 */
public final class ProductCache {

    public static String read(Store store, String reader) {
        Store.Entry cached = store.cache().read();
        if (cached != null && cached.hasValue()) {
            return cached.value();                                     // a hit
        }
        Store.Entry lease = Store.Entry.lease(reader);
        boolean leased = cached == null && store.cache().compareAndSet(null, lease);
        Versioned<String> row = store.db().read();
        if (leased) {
            store.cache().compareAndSet(lease, Store.Entry.of(row.value(), row.version()));
        }
        return row.value();
    }

    public static void write(Store store, String value) {
        while (true) {
            Versioned<String> row = store.db().read();
            if (store.db().writeIfVersion(row.version(), value)) {
                break;
            }
        }
        store.cache().write(null);                                      // delete: removes any lease too
    }
}
