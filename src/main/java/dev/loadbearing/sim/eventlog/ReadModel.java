package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The query side's table: rows by key that a {@link Projector} keeps from an event log, plus the
 * log position the projector saved with them. A projection writes it one batch at a time, and a
 * batch's writes and saved position commit together, when the batch's work is done, or not at
 * all if the projector crashes first: the saved position is exactly as durable as the rows.
 *
 * <p>During a batch, {@link #get} sees the committed rows plus the batch's own writes, and every
 * call costs time ({@link Projection#readCost}, {@link Projection#writeCost}), which delays the
 * batch's commit. Outside a batch a projector has nothing to call it with.
 *
 * @param <V> the type of rows (use immutable values)
 */
@LearnerApi
public final class ReadModel<V> {
    private static final Object DELETED = new Object();

    private final String name;
    private final Map<String, V> rows = new HashMap<>();
    private final Map<String, Object> pending = new HashMap<>();
    private long position;
    private long pendingPosition = -1;
    private Work work;
    private long reads;
    private long writes;
    private long commits;

    /**
     * Creates an empty read model, at position 0.
     *
     * @param name its name, for messages and figures
     */
    public ReadModel(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Reads a row: the batch's own write if it made one, else the committed row.
     *
     * @param key the row's key
     * @return the row, or {@code null} if there is none
     */
    @LearnerApi
    @SuppressWarnings("unchecked")
    public V get(String key) {
        Objects.requireNonNull(key, "key");
        charge("get", true);
        if (pending.containsKey(key)) {
            Object value = pending.get(key);
            return value == DELETED ? null : (V) value;
        }
        return rows.get(key);
    }

    /**
     * Writes a row; it commits with the batch.
     *
     * @param key the row's key
     * @param value the new row
     */
    @LearnerApi
    public void put(String key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        charge("put", false);
        pending.put(key, value);
    }

    /**
     * Deletes a row; the delete commits with the batch.
     *
     * @param key the row's key
     */
    @LearnerApi
    public void delete(String key) {
        Objects.requireNonNull(key, "key");
        charge("delete", false);
        pending.put(key, DELETED);
    }

    /**
     * Returns the log position saved with the rows: the batch's own {@link #savePosition} if it
     * called it, else the last committed one. Free: it is kept with the table's metadata.
     *
     * @return the position, 0 if none was ever saved
     */
    @LearnerApi
    public long position() {
        return pendingPosition >= 0 ? pendingPosition : position;
    }

    /**
     * Saves a log position with the batch's writes: it commits atomically with them, so after a
     * crash the saved position and the rows agree. Free, like {@link #position()}.
     *
     * @param position the position of the last event the rows include
     */
    @LearnerApi
    public void savePosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("a log position is not negative: " + position);
        }
        charge("savePosition", false);
        pendingPosition = position;
    }

    /**
     * Returns the read model's name.
     *
     * @return the name
     */
    @LearnerApi
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------- author side

    /**
     * Returns a committed row now, without cost: what a query would read; for tests.
     *
     * @param key the row's key
     * @return the row, or {@code null}
     */
    public V peek(String key) {
        return rows.get(key);
    }

    /**
     * Returns every committed row.
     *
     * @return the rows, sorted by key
     */
    public Map<String, V> rows() {
        return new TreeMap<>(rows);
    }

    /**
     * Returns the committed position, ignoring a batch in progress.
     *
     * @return the last committed saved position
     */
    public long committedPosition() {
        return position;
    }

    /**
     * Returns a fingerprint of the committed rows: equal rows (by key and {@code toString}) give
     * equal fingerprints, so a live read model can be compared with a rebuild at a glance.
     *
     * @return 16 hex digits
     */
    public String fingerprint() {
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, V> row : rows().entrySet()) {
            String line = row.getKey() + "=" + row.getValue() + "\n";
            for (int i = 0; i < line.length(); i++) {
                hash ^= line.charAt(i);
                hash *= 0x100000001b3L;
            }
        }
        return String.format("%016x", hash);
    }

    /**
     * Returns how many rows were read (gets), written (puts and deletes) and batches committed.
     *
     * @return counts so far
     */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        counts.put("reads", reads);
        counts.put("writes", writes);
        counts.put("commits", commits);
        return counts;
    }

    @Override
    public String toString() {
        return "ReadModel[" + name + ", " + rows.size() + " rows, position " + position + "]";
    }

    // ------------------------------------------------------------------- the projection's side

    /** Opens a batch: calls cost time from now on, writes are buffered. */
    void open(Work work) {
        this.work = work;
    }

    /** Ends the batch's calls; its writes wait for {@link #commit} or {@link #discard}. */
    void close() {
        this.work = null;
    }

    @SuppressWarnings("unchecked")
    void commit() {
        for (Map.Entry<String, Object> write : pending.entrySet()) {
            if (write.getValue() == DELETED) {
                rows.remove(write.getKey());
            } else {
                rows.put(write.getKey(), (V) write.getValue());
            }
        }
        if (pendingPosition >= 0) {
            position = pendingPosition;
        }
        commits++;
        discard();
    }

    void discard() {
        pending.clear();
        pendingPosition = -1;
    }

    private void charge(String call, boolean read) {
        if (work == null) {
            throw new IllegalStateException(name + "." + call + "() was called outside a batch: a projector reads "
                    + "and writes its read model in apply(batch, view) (and reads it in resumeAfter(view))");
        }
        if (work.readOnly && !read && !call.equals("savePosition")) {
            throw new IllegalStateException(name + "." + call + "() was called in resumeAfter(view): resuming only "
                    + "reads where to start; writes belong in apply(batch, view)");
        }
        if (work.readOnly && call.equals("savePosition")) {
            throw new IllegalStateException(name + ".savePosition() was called in resumeAfter(view): save the "
                    + "position with the rows of a batch, in apply(batch, view)");
        }
        if (call.equals("savePosition")) {
            return;
        }
        if (read) {
            reads++;
            work.nanos += work.readCost;
        } else {
            writes++;
            work.nanos += work.writeCost;
        }
    }

    /** The time one batch (or one resume) has spent so far, and what each call costs. */
    static final class Work {
        final long readCost;
        final long writeCost;
        final long logReadCost;
        final boolean readOnly;
        long nanos;

        Work(long readCost, long writeCost, long logReadCost, boolean readOnly) {
            this.readCost = readCost;
            this.writeCost = writeCost;
            this.logReadCost = logReadCost;
            this.readOnly = readOnly;
        }

        @Override
        public String toString() {
            return Time.format(nanos);
        }
    }
}
