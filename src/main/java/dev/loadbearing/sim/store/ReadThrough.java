package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reading through a cache, the way the caching lesson sketches it: look in the cache; on a miss
 * read the database and fill the cache for the next reader. In virtual time every call takes
 * time, so the answer comes to a callback, but there is one callback and it gets the value:
 *
 * <pre>{@code
 * ReadThrough<String> products = new ReadThrough<>(cache, db, Time.minutes(5));
 * products.get("product:42", product -> show(product));     // null when the row does not exist
 * }</pre>
 *
 * <p>A cache that is down counts as a miss (the database answers); a database failure answers
 * {@code null} and {@link #failures()} counts it. Writes go to the database first and then
 * delete the cache entry ({@link #update}), the order the lesson explains.
 *
 * @param <V> the values
 */
@LearnerApi
public final class ReadThrough<V> {
    private final Cache<String, V> cache;
    private final Datastore<V> db;
    private final long ttl;
    private long hits;
    private long misses;
    private long failures;

    /**
     * Reads through {@code cache} to {@code db}.
     *
     * @param cache the cache in front
     * @param db the source of truth
     * @param ttl how long a filled entry lives, in nanoseconds (0 = the cache's default)
     */
    @LearnerApi
    public ReadThrough(Cache<String, V> cache, Datastore<V> db, long ttl) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.db = Objects.requireNonNull(db, "db");
        if (ttl < 0) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        this.ttl = ttl;
    }

    /**
     * Reads a key: the cached value on a hit, else the database's (and fills the cache).
     *
     * @param key the key
     * @param then called once with the value, or {@code null} when there is none or the database failed
     */
    @LearnerApi
    public void get(String key, Consumer<V> then) {
        Objects.requireNonNull(then, "then");
        cache.get(key, cached -> {
            if (cached.isOk() && cached.value() != null) {
                hits++;
                then.accept(cached.value());
                return;
            }
            misses++;
            db.readValue(key, fromDb -> {
                if (!fromDb.isOk()) {
                    failures++;
                    then.accept(null);
                    return;
                }
                if (fromDb.value() != null) {
                    if (ttl > 0) {
                        cache.put(key, fromDb.value(), ttl, null);
                    } else {
                        cache.put(key, fromDb.value(), null);
                    }
                }
                then.accept(fromDb.value());
            });
        });
    }

    /**
     * Writes a value: the database first, then deletes the cache entry so the next read fetches
     * the new value (deleting, not setting, so a slow older write cannot win).
     *
     * @param key the key
     * @param value the new value
     * @param then called once the write is done, with whether the database took it; may be {@code null}
     */
    @LearnerApi
    public void update(String key, V value, Consumer<Boolean> then) {
        db.write(key, value, written -> {
            if (written.isOk()) {
                cache.delete(key, null);
            } else {
                failures++;
            }
            if (then != null) {
                then.accept(written.isOk());
            }
        });
    }

    /**
     * Returns the reads answered from the cache.
     *
     * @return hits
     */
    @LearnerApi
    public long hits() {
        return hits;
    }

    /**
     * Returns the reads that went to the database.
     *
     * @return misses
     */
    @LearnerApi
    public long misses() {
        return misses;
    }

    /**
     * Returns the database calls that failed.
     *
     * @return failures
     */
    @LearnerApi
    public long failures() {
        return failures;
    }
}
