import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A read-through cache with single-flight: the first caller to miss a key loads it; everyone
 * who misses while that load is in flight waits for its answer instead of loading again.
 */
public final class LoadingCache {
    private final Cache<String, String> cache;
    private final Datastore<String> db;
    private final long ttl;
    /** Keys being loaded, with the callers waiting for each. */
    private final Map<String, List<Consumer<String>>> inFlight = new HashMap<>();

    public LoadingCache(Cache<String, String> cache, Datastore<String> db, long ttl) {
        this.cache = cache;
        this.db = db;
        this.ttl = ttl;
    }

    public void get(String key, Consumer<String> then) {
        cache.get(key, cached -> {
            if (cached.isOk() && cached.value() != null) {
                then.accept(cached.value());
                return;
            }
            List<Consumer<String>> waiting = inFlight.get(key);
            if (waiting != null) {
                waiting.add(then);                          // someone is loading it: wait for them
                return;
            }
            waiting = new ArrayList<>();
            waiting.add(then);
            inFlight.put(key, waiting);
            db.readValue(key, row -> {
                String value = row.isOk() ? row.value() : null;
                if (value == null) {
                    finish(key, null);                      // failed or missing: answer, do not cache
                    return;
                }
                // Close the flight only once the cache holds the value: a miss that lands
                // before the put would otherwise start a second load.
                cache.put(key, value, ttl, stored -> finish(key, value));
            });
        });
    }

    private void finish(String key, String value) {
        List<Consumer<String>> waiting = inFlight.remove(key);
        for (Consumer<String> caller : waiting) {
            caller.accept(value);
        }
    }
}
