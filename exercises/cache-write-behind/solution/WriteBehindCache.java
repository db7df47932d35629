import dev.loadbearing.sim.store.Datastore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Write-behind: puts update memory and mark the key dirty; every flush writes each dirty key's
 * latest value once. A key stays dirty until the database confirms the value that is still its
 * latest, so a failed write is retried at the next flush and a put during a flush is not lost.
 */
public final class WriteBehindCache {
    private final Datastore<Long> db;
    private final Map<String, Long> values = new HashMap<>();
    /** Keys whose latest value the database has not confirmed. */
    private final Map<String, Long> dirty = new LinkedHashMap<>();
    /** Keys with a write in flight, and the value it carries. */
    private final Map<String, Long> inFlight = new HashMap<>();
    private Runnable onStopped;

    public WriteBehindCache(Datastore<Long> db) {
        this.db = db;
    }

    public void put(String key, long value) {
        values.put(key, value);
        dirty.put(key, value);
    }

    public Long get(String key) {
        return values.get(key);
    }

    public void flush() {
        for (Map.Entry<String, Long> entry : dirty.entrySet()) {
            String key = entry.getKey();
            long value = entry.getValue();
            if (inFlight.containsKey(key)) {
                continue;                                  // the next flush after it answers
            }
            inFlight.put(key, value);
            db.write(key, value, written -> {
                inFlight.remove(key);
                if (written.isOk() && dirty.get(key) != null && dirty.get(key) == value) {
                    dirty.remove(key);                     // confirmed, and nothing newer since
                }
                if (onStopped != null) {
                    if (dirty.isEmpty() && inFlight.isEmpty()) {
                        Runnable done = onStopped;
                        onStopped = null;
                        done.run();
                    } else if (inFlight.isEmpty()) {
                        flush();                           // stopping: retry what is left now
                    }
                }
            });
        }
    }

    public void stop(Runnable done) {
        if (dirty.isEmpty() && inFlight.isEmpty()) {
            done.run();
            return;
        }
        onStopped = done;
        flush();
    }
}
