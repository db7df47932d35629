package dev.loadbearing.sim.shard;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Shards as servers that take time, and a way to copy keys between them: the model of a live
 * resharding. Each shard holds versioned values (a {@code long} value and its size in bytes) and
 * serves one operation at a time, in the order operations arrive. An operation takes
 * {@code opTime} plus its bytes at {@code bytesPerSecond} (a read or write moves one value; a copy
 * moves every value in its batch) and takes effect when it finishes; the next waits behind it.
 * That queue is what makes a migration hurt: copying a batch of keys occupies the source shard
 * and then the target, and the application's reads and writes that arrive meanwhile wait.
 *
 * <p>{@link #copy(Shard, Shard, List, Runnable)} is the migration's step: it reads the batch on
 * the source shard (the values it has when that read finishes), then, after the copy's travel time
 * ({@link #transfer(long, double)}), writes those values to the target shard, unconditionally, when that write finishes. A write that reached the source after
 * the copy's read is not in the copy; a write that reached the target before the copy's write is
 * overwritten by the (older) copied value. Keeping writes from being lost or overwritten is the
 * job of the code that drives the copy. The cluster counts what a migration costs: keys and bytes
 * copied, when, and how busy each shard was.
 *
 * <pre>{@code
 * ShardCluster cluster = new ShardCluster(sim, shards, Time.ms(0.5), 40e6);
 * cluster.load(amber, "user:7", 1, 4_096);                  // set-up: no time taken
 * cluster.write(amber, "user:7", 2, 4_096, () -> ...);      // acknowledged when it finishes
 * cluster.read(amber, "user:7", value -> ...);              // null if the shard lacks the key
 * cluster.copy(amber, elm, List.of("user:7"), () -> ...);   // read on amber, then write on elm
 * cluster.after(Time.ms(20), () -> ...);                    // pace the next batch
 * }</pre>
 */
@LearnerApi
public final class ShardCluster {
    private final Sim sim;
    private final List<Shard> shards;
    private final long opTime;
    private final double bytesPerSecond;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Long> copiedKeysPerSecond = new ArrayList<>();
    private long copiedKeys;
    private long copiedBytes;
    private long copies;
    private Consumer<Served> listener;
    private long transferLatency;
    private double transferBytesPerSecond = Double.POSITIVE_INFINITY;

    /**
     * Creates a cluster of empty shards.
     *
     * @param sim the simulation
     * @param shards every shard the cluster will ever use (those a migration moves keys to as
     *     well), with distinct names
     * @param opTime the fixed cost of one operation, in nanoseconds
     * @param bytesPerSecond how fast one shard reads or writes value bytes
     */
    public ShardCluster(Sim sim, List<Shard> shards, long opTime, double bytesPerSecond) {
        this.sim = Objects.requireNonNull(sim);
        this.shards = List.copyOf(shards);
        if (opTime < 0 || !(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("an operation needs a non-negative time and a positive byte rate");
        }
        this.opTime = opTime;
        this.bytesPerSecond = bytesPerSecond;
        for (Shard shard : this.shards) {
            if (nodes.put(shard.name(), new Node(shard)) != null) {
                throw new IllegalArgumentException("two shards are named " + shard.name());
            }
        }
    }

    /** What one shard holds: a value and its size. */
    private record Entry(long value, int bytes) {
    }

    /** One queued operation. */
    private static final class Op {
        final String kind;
        final String key;
        final List<String> keys;
        final long value;
        final int bytes;
        final Object callback;
        final Node target;
        Map<String, Entry> carried;

        Op(String kind, String key, List<String> keys, long value, int bytes, Object callback, Node target) {
            this.kind = kind;
            this.key = key;
            this.keys = keys;
            this.value = value;
            this.bytes = bytes;
            this.callback = callback;
            this.target = target;
        }

        @Override
        public String toString() {
            return key != null ? kind + " " + key : kind + " of " + keys.size() + " keys";
        }
    }

    /** A shard's data, queue and busy time. */
    private final class Node {
        final Shard shard;
        final Map<String, Entry> data = new LinkedHashMap<>();
        final ArrayDeque<Op> queue = new ArrayDeque<>();
        boolean busy;
        long busyNanos;
        long copyNanos;

        Node(Shard shard) {
            this.shard = shard;
        }

        void submit(Op op) {
            queue.add(op);
            if (!busy) {
                startNext();
            }
        }

        void startNext() {
            Op op = queue.poll();
            if (op == null) {
                return;
            }
            busy = true;
            long bytes = switch (op.kind) {
                case "read" -> {
                    Entry entry = data.get(op.key);
                    yield entry == null ? 0 : entry.bytes();
                }
                case "write" -> op.bytes;
                case "copy out" -> {
                    long sum = 0;
                    for (String key : op.keys) {
                        Entry entry = data.get(key);
                        sum += entry == null ? 0 : entry.bytes();
                    }
                    yield sum;
                }
                default -> {
                    long sum = 0;
                    for (Entry entry : op.carried.values()) {
                        sum += entry.bytes();
                    }
                    yield sum;
                }
            };
            long service = opTime + (long) Math.ceil(bytes * 1e9 / bytesPerSecond);
            busyNanos += service;
            if (op.kind.startsWith("copy")) {
                copyNanos += service;
            }
            sim.after(service, shard.name() + " finishes " + op.kind, () -> finish(op));
        }

        @SuppressWarnings("unchecked")
        void finish(Op op) {
            busy = false;
            switch (op.kind) {
                case "read" -> {
                    Entry entry = data.get(op.key);
                    served(op, this);
                    if (op.callback != null) {
                        sim.during(op, "was read on " + shard.name());
                        ((Consumer<Long>) op.callback).accept(entry == null ? null : entry.value());
                    }
                }
                case "write" -> {
                    data.put(op.key, new Entry(op.value, op.bytes));
                    served(op, this);
                    if (op.callback != null) {
                        sim.during(op, "was written on " + shard.name());
                        ((Runnable) op.callback).run();
                    }
                }
                case "copy out" -> {
                    Map<String, Entry> carried = new LinkedHashMap<>();
                    for (String key : op.keys) {
                        Entry entry = data.get(key);
                        if (entry != null) {
                            carried.put(key, entry);
                        }
                    }
                    Op in = new Op("copy in", null, op.keys, 0, 0, op.callback, null);
                    in.carried = carried;
                    long bytes = 0;
                    for (Entry entry : carried.values()) {
                        bytes += entry.bytes();
                    }
                    long transfer = transferLatency + (Double.isInfinite(transferBytesPerSecond) ? 0
                            : (long) Math.ceil(bytes * 1e9 / transferBytesPerSecond));
                    if (transfer == 0) {
                        op.target.submit(in);
                    } else {
                        sim.after(transfer, "copy travels to " + op.target.shard.name(), () -> op.target.submit(in));
                    }
                }
                default -> {
                    long bytes = 0;
                    for (Map.Entry<String, Entry> entry : op.carried.entrySet()) {
                        data.put(entry.getKey(), entry.getValue());
                        bytes += entry.getValue().bytes();
                    }
                    int second = (int) (sim.now() / Time.seconds(1));
                    while (copiedKeysPerSecond.size() <= second) {
                        copiedKeysPerSecond.add(0L);
                    }
                    copiedKeysPerSecond.set(second, copiedKeysPerSecond.get(second) + op.carried.size());
                    copiedKeys += op.carried.size();
                    copiedBytes += bytes;
                    copies++;
                    served(op, this);
                    if (op.callback != null) {
                        sim.during(op, "was copied to " + shard.name());
                        ((Runnable) op.callback).run();
                    }
                }
            }
            if (!busy) {
                startNext();
            }
        }
    }

    private void served(Op op, Node node) {
        if (listener != null) {
            listener.accept(new Served(op.kind.equals("copy in") ? "copy" : op.kind, node.shard, op.key,
                    op.key == null ? op.carried.size() : 1, sim.now()));
        }
    }

    /**
     * An operation a shard finished, for tests that watch where the application's reads and
     * writes went.
     *
     * @param kind {@code "read"}, {@code "write"} or {@code "copy"} (a copy is reported once,
     *     when its write on the target finishes)
     * @param shard the shard that served it (a copy's target)
     * @param key the key read or written, {@code null} for a copy
     * @param keys 1, or the number of keys a copy wrote
     * @param at when it finished, nanoseconds
     */
    public record Served(String kind, Shard shard, String key, int keys, long at) {
    }

    private Node node(Shard shard) {
        Node node = shard == null ? null : nodes.get(shard.name());
        if (node == null) {
            throw new IllegalArgumentException("there is no shard " + shard + " in this cluster; its shards are " + shards);
        }
        return node;
    }

    /**
     * Sets how long a copy's data takes to travel from its source shard to its target, between
     * the read and the write: a fixed latency (the copy tool's pipeline: snapshot, serialise,
     * send) plus the bytes at a network rate. The travel occupies neither shard, but it widens the
     * window in which a write can reach the target before the copy does. By default copies
     * travel instantly.
     *
     * @param latency nanoseconds per copy, at least 0
     * @param bytesPerSecond the network rate for copies, positive ({@code Double.POSITIVE_INFINITY}
     *     for none)
     * @return this cluster
     */
    public ShardCluster transfer(long latency, double bytesPerSecond) {
        if (latency < 0 || !(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("a transfer needs a non-negative latency and a positive rate");
        }
        this.transferLatency = latency;
        this.transferBytesPerSecond = bytesPerSecond;
        return this;
    }

    /**
     * Reads a key on a shard. The reply runs when the read finishes, with the value the shard held
     * then.
     *
     * @param shard where to read
     * @param key the key
     * @param reply receives the value, or {@code null} if this shard does not hold the key
     */
    @LearnerApi
    public void read(Shard shard, String key, Consumer<Long> reply) {
        node(shard).submit(new Op("read", Objects.requireNonNull(key), null, 0, 0, reply, null));
    }

    /**
     * Writes a key on a shard, replacing what the shard held. {@code done} runs when the write
     * has taken effect: that is the moment it may be acknowledged.
     *
     * @param shard where to write
     * @param key the key
     * @param value the new value
     * @param bytes the value's size
     * @param done runs when the write has taken effect (may be null)
     */
    @LearnerApi
    public void write(Shard shard, String key, long value, int bytes, Runnable done) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a value cannot have negative size");
        }
        node(shard).submit(new Op("write", Objects.requireNonNull(key), null, value, bytes, done, null));
    }

    /**
     * Copies a batch of keys from one shard to another: a read of all of them on {@code from},
     * queued like any operation and taking time for all their bytes, then a write of the values
     * it read to {@code to}, queued there, replacing whatever {@code to} held. Keys {@code from}
     * does not hold are skipped. A write that reaches {@code from} after the copy's read is not
     * copied; one that reached {@code to} before the copy's write is overwritten.
     *
     * @param from the shard that holds the keys now
     * @param to the shard they move to
     * @param keys the batch (a large batch holds both shards for a long time)
     * @param done runs when the values are on {@code to} (may be null)
     */
    @LearnerApi
    public void copy(Shard from, Shard to, List<String> keys, Runnable done) {
        Node source = node(from);
        Node target = node(to);
        if (source == target) {
            throw new IllegalArgumentException("a copy needs two different shards, not " + from + " twice");
        }
        source.submit(new Op("copy out", null, List.copyOf(keys), 0, 0, done, target));
    }

    /**
     * Runs an action after a delay of virtual time: how a migration paces its batches.
     *
     * @param delay nanoseconds from now, at least 0
     * @param action what to do
     */
    @LearnerApi
    public void after(long delay, Runnable action) {
        Objects.requireNonNull(action);
        sim.after(Math.max(0, delay), "resharding step", () -> {
            sim.during("a timer", "fired");
            action.run();
        });
    }

    /**
     * Returns the keys a shard holds now: a scan, taking no time, in the order they were first
     * stored there.
     *
     * @param shard the shard
     * @return its keys
     */
    @LearnerApi
    public List<String> keysOn(Shard shard) {
        return List.copyOf(node(shard).data.keySet());
    }

    /**
     * Returns how many operations are waiting at a shard or being served there, for a migration
     * that slows down when a shard is busy.
     *
     * @param shard the shard
     * @return its queue length plus one if it is serving
     */
    @LearnerApi
    public int pending(Shard shard) {
        Node node = node(shard);
        return node.queue.size() + (node.busy ? 1 : 0);
    }

    /**
     * Returns the current virtual time.
     *
     * @return nanoseconds since the start
     */
    @LearnerApi
    public long now() {
        return sim.now();
    }

    /**
     * Returns every shard of the cluster.
     *
     * @return the shards, in the order given
     */
    @LearnerApi
    public List<Shard> shards() {
        return shards;
    }

    /**
     * Returns the fixed cost of one operation.
     *
     * @return nanoseconds
     */
    @LearnerApi
    public long opTime() {
        return opTime;
    }

    /**
     * Returns how fast a shard reads or writes value bytes.
     *
     * @return bytes per second
     */
    @LearnerApi
    public double bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Stores a value without taking time or counting anything (a test's set-up).
     *
     * @param shard where
     * @param key the key
     * @param value the value
     * @param bytes its size
     */
    public void load(Shard shard, String key, long value, int bytes) {
        node(shard).data.put(key, new Entry(value, bytes));
    }

    /**
     * Returns what a shard holds for a key, without taking time (a test's check).
     *
     * @param shard the shard
     * @param key the key
     * @return the value, or {@code null}
     */
    public Long peek(Shard shard, String key) {
        Entry entry = node(shard).data.get(key);
        return entry == null ? null : entry.value();
    }

    /**
     * Calls a listener whenever a shard finishes a read, a write or a copy.
     *
     * @param listener receives each {@link Served}, or {@code null} to stop
     */
    public void onServed(Consumer<Served> listener) {
        this.listener = listener;
    }

    /**
     * Returns how many keys copies have written so far (a key copied twice counts twice).
     *
     * @return keys copied
     */
    public long copiedKeys() {
        return copiedKeys;
    }

    /**
     * Returns how many value bytes copies have written so far.
     *
     * @return bytes copied
     */
    public long copiedBytes() {
        return copiedBytes;
    }

    /**
     * Returns how many copies (batches) have finished.
     *
     * @return finished copies
     */
    public long copies() {
        return copies;
    }

    /**
     * Returns how long a shard has spent serving operations, and how much of that on copies.
     *
     * @param shard the shard
     * @return {total busy nanoseconds, nanoseconds of copy work}
     */
    public long[] busyNanos(Shard shard) {
        Node node = node(shard);
        return new long[] {node.busyNanos, node.copyNanos};
    }

    /**
     * Returns the keys copied in each whole second of virtual time.
     *
     * @return index = second
     */
    public List<Long> copiedKeysPerSecond() {
        return List.copyOf(copiedKeysPerSecond);
    }

    /**
     * Returns a chart of the keys copied per second and the running total, with bands.
     *
     * @param title the chart's title (name the seed)
     * @param seconds how many seconds to draw
     * @param bands spans to shade, such as the migration
     * @return the chart
     */
    public TimeSeriesChart copyFigure(String title, int seconds, List<Band> bands) {
        List<Double> xs = new ArrayList<>();
        List<Double> perSecond = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        double sum = 0;
        for (int s = 0; s < seconds; s++) {
            long keys = s < copiedKeysPerSecond.size() ? copiedKeysPerSecond.get(s) : 0;
            sum += keys;
            xs.add(s + 1.0);
            perSecond.add((double) keys);
            total.add(sum);
        }
        return new TimeSeriesChart(title, "keys copied", List.of(
                new TimeSeriesChart.Series("keys copied in the second", xs, perSecond),
                new TimeSeriesChart.Series("keys copied so far", xs, total)), bands);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "cluster of %d shards", shards.size());
    }
}
