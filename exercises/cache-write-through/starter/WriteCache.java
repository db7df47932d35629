import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import java.util.function.Consumer;

/**
 * The cache layer in front of the product database, used by every application server's reads and
 * writes. Reads are cache-aside: look in the cache, on a miss read the database and fill the cache.
 * Writes choose between two strategies:
 * <ul>
 *   <li><b>write-through</b>: write the database, then put the new value in the cache, so the
 *       next read of the key is a hit;</li>
 *   <li><b>write-around</b>: write the database and keep the write out of the cache (invalidate
 *       any cached copy), so data nobody reads does not push out the data everybody reads.</li>
 * </ul>
 * Which one pays depends on the traffic, and the traffic changes: the same instance serves
 * "edit, then look at it" traffic and bulk imports. Whatever it chooses, no read may return a
 * value older than a write that was acknowledged before the read began.
 *
 * <p>Every cache and database call takes time and answers through its callback; calls from many
 * readers and writers overlap. Keep state in instance fields; static fields may hold only constants.
 */
public final class WriteCache {
    private final Cache<String, Entry> cache;
    private final Datastore<String> db;

    /**
     * @param cache the shared cache: a fixed number of entries, least recently used evicted first
     * @param db the source of truth: a write's reply carries the row with its new version; a
     *           write can fail (the database is down), and then nothing was written
     */
    public WriteCache(Cache<String, Entry> cache, Datastore<String> db) {
        this.cache = cache;
        this.db = db;
    }

    /** Reads {@code key}: calls {@code answer} once with its value. */
    public void read(String key, Consumer<String> answer) {
        cache.get(key, cached -> {
            if (cached.isOk() && cached.value() != null && cached.value().hasValue()) {
                answer.accept(cached.value().value());              // a hit
                return;
            }
            db.read(key, row -> {                                   // a miss
                if (!row.isOk()) {
                    answer.accept(null);
                    return;
                }
                cache.put(key, Entry.of(row.value()), null);
                answer.accept(row.value().value());
            });
        });
    }

    /**
     * Writes {@code value} to {@code key}; calls {@code done} once: {@code true} when the write is
     * committed in the database (from then on no read may return an older value), {@code false}
     * when it failed and nothing was written.
     */
    public void write(String key, String value, Consumer<Boolean> done) {
        // write-through, always: the cache first, then the database
        cache.put(key, new Entry(value, 0), null);
        db.write(key, value, written -> done.accept(written.isOk()));
    }
}
