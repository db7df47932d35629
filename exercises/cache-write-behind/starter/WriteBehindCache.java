import dev.loadbearing.sim.store.Datastore;
import java.util.HashMap;
import java.util.Map;

/**
 * A write-behind (write-back) cache for counters such as page views: the application's writes
 * are acknowledged at once from memory and reach the database later, in a flush every window.
 *
 * <p>The timer calls {@link #flush()} at the end of every window; a graceful shutdown calls
 * {@link #stop(Runnable)}. A crash simply stops everything: whatever was not in the database
 * by then is lost, and that may be at most the writes of the current window.
 *
 * <p>Keep state in instance fields; static fields may hold only constants.
 */
public final class WriteBehindCache {
    private final Datastore<Long> db;
    private final Map<String, Long> values = new HashMap<>();

    /** @param db the source of truth; a write takes a few milliseconds and may fail while it is down */
    public WriteBehindCache(Datastore<Long> db) {
        this.db = db;
    }

    /** An application write: {@code key} now has {@code value}. Returns at once (acknowledged). */
    public void put(String key, long value) {
        values.put(key, value);
        db.write(key, value, null);               // write-through: one database write per put
    }

    /** The latest value written for {@code key}, or {@code null} if none. */
    public Long get(String key) {
        return values.get(key);
    }

    /** Called at the end of every flush window. */
    public void flush() {
    }

    /**
     * A graceful stop: write everything not yet in the database, then call {@code done} once the
     * database has confirmed all of it.
     */
    public void stop(Runnable done) {
        done.run();
    }
}
