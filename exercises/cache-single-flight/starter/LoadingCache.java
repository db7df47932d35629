import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import java.util.function.Consumer;

/**
 * A read-through cache: callers ask it for a key and it answers from the cache, or on a miss
 * loads the value from the database, stores it in the cache for {@code ttl} and answers with it.
 *
 * <p>Keep what you need in instance fields (one {@code LoadingCache} serves every caller of one
 * application server); static fields may hold only constants.
 */
public final class LoadingCache {
    private final Cache<String, String> cache;
    private final Datastore<String> db;
    private final long ttl;

    /**
     * @param cache the shared cache in front of the database
     * @param db the source of truth
     * @param ttl how long a loaded value lives in the cache, in nanoseconds
     */
    public LoadingCache(Cache<String, String> cache, Datastore<String> db, long ttl) {
        this.cache = cache;
        this.db = db;
        this.ttl = ttl;
    }

    /**
     * Answers {@code then} exactly once with the key's value, or {@code null} when the database
     * has no such row or could not answer.
     *
     * <p>A thousand callers may miss the same hot key at the same moment when its entry expires.
     * At most one database load per key may be in flight: the others wait for its answer.
     */
    public void get(String key, Consumer<String> then) {
        cache.get(key, cached -> {
            if (cached.isOk() && cached.value() != null) {
                then.accept(cached.value());                 // a hit
                return;
            }
            // A miss: every caller that misses loads the key itself, all at the same time.
            db.readValue(key, row -> {
                String value = row.isOk() ? row.value() : null;
                if (value != null) {
                    cache.put(key, value, ttl, null);
                }
                then.accept(value);
            });
        });
    }
}
