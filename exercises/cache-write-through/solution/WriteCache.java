import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses the write strategy by measuring whether written keys are read back: of the last
 * writes, what share was read before {@link #WINDOW} more writes came. High: write-through pays
 * (the next read hits). Low: write-around keeps the cache for the keys readers want.
 *
 * <p>Every cache change is a versioned, atomic update, so an older value never replaces a newer
 * one, whatever order the calls land in: the write-through set, the write-around tombstone and
 * the reader's fill all compare versions. A miss leaves a placeholder first, so a write that
 * lands while the reader is at the database replaces it with a tombstone and the reader's old
 * row cannot be filled in afterwards. A write is acknowledged only once the database has it and
 * the cache has been updated, and the cache is touched only after the database said ok.
 */
public final class WriteCache {
    static final int WINDOW = 100;
    static final double SMOOTHING = 0.1;

    private final Cache<String, Entry> cache;
    private final Datastore<String> db;
    /** Recently written keys, oldest first: true once read. */
    private final LinkedHashMap<String, Boolean> recent = new LinkedHashMap<>();
    private double readBack = 0.5;

    public WriteCache(Cache<String, Entry> cache, Datastore<String> db) {
        this.cache = cache;
        this.db = db;
    }

    public void read(String key, Consumer<String> answer) {
        recent.computeIfPresent(key, (k, read) -> true);
        cache.update(key, cur -> cur == null ? Entry.placeholder() : cur, cached -> {
            if (cached.isOk() && cached.value() != null && cached.value().hasValue()) {
                answer.accept(cached.value().value());
                return;
            }
            db.read(key, row -> {
                if (!row.isOk()) {
                    answer.accept(null);
                    return;
                }
                Entry loaded = Entry.of(row.value());
                cache.update(key, cur -> cur == null ? null              // evicted meanwhile: leave it out
                        : cur.version() < loaded.version() || (!cur.hasValue() && cur.version() == loaded.version())
                        ? loaded : cur, null);
                answer.accept(loaded.value());
            });
        });
    }

    public void write(String key, String value, Consumer<Boolean> done) {
        boolean through = readBack >= 0.5;
        remember(key);
        db.write(key, value, written -> {
            if (!written.isOk()) {
                done.accept(false);                  // nothing written: the cache is still right
                return;
            }
            long version = written.value().version();
            if (through) {
                Entry fresh = Entry.of(written.value());
                cache.update(key, cur -> cur == null || cur.version() < version ? fresh : cur, ok -> done.accept(true));
            } else {
                cache.update(key, cur -> cur == null ? null
                        : cur.version() < version ? Entry.tombstone(version) : cur, ok -> done.accept(true));
            }
        });
    }

    private void remember(String key) {
        recent.remove(key);
        recent.put(key, false);
        if (recent.size() > WINDOW) {
            Iterator<Map.Entry<String, Boolean>> oldest = recent.entrySet().iterator();
            boolean read = oldest.next().getValue();
            oldest.remove();
            readBack += SMOOTHING * ((read ? 1 : 0) - readBack);
        }
    }
}
