package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A simulated wide-column (or key-value) store in the style of Cassandra, Bigtable and DynamoDB:
 * rows live in <em>partitions</em> named by a partition key, sorted inside by a clustering key.
 * Every call names exactly one partition; a query reads one partition's newest rows, and reading
 * several partitions takes several calls. Each partition accepts at most a fixed number of
 * writes per second of virtual time: a write over the limit answers
 * {@link Reply.Status#THROTTLED} and writes nothing. There are no transactions over several
 * rows: a conditional write ({@link #putIfVersion}) checks and writes one row atomically, and
 * nothing makes two writes succeed or fail together.
 *
 * <pre>{@code
 * WideColumnStore<String> store = new WideColumnStore<String>(sim, "timelines")
 *         .readLatency(Distribution.constant(Time.ms(2)))     // per query
 *         .rowLatency(Time.ms(0.02))                            // plus per row returned
 *         .writeLatency(Distribution.constant(Time.ms(1)))
 *         .writeLimit(1_000);                                 // writes per partition per second
 * store.put("user:7", 1001, "hello", reply -> ...);            // OK or THROTTLED
 * store.query("user:7", 20, reply -> { List<Cell<String>> newest = reply.value(); });
 * store.get("user:7", 1001, reply -> ...);
 * store.putIfVersion("acct:1", 0, cell.version(), "90", reply -> ...);   // CONFLICT if it moved
 * }</pre>
 *
 * <p>Calls take their latency and take effect when they complete (a query sees the rows
 * written by then), answering through a callback with a {@link Reply}. The write limit counts
 * writes as they arrive, per whole second of virtual time. Counts: {@link #queries()},
 * {@link #gets()}, {@link #writes()}, {@link #throttled()}, {@link #rowsReturned()},
 * {@link #peakWritesPerSecond()}, {@link #hottestPartition()}; figures of the hottest
 * partition's writes over time and of each partition's busiest second.
 *
 * @param <V> the type of values (use immutable values)
 */
@LearnerApi
public final class WideColumnStore<V> {
    private enum Kind { QUERY, GET, PUT, PUT_IF }

    private final Sim sim;
    private final String name;
    private final RandomStream random;
    private final Map<String, NavigableMap<Long, Cell<V>>> partitions = new HashMap<>();
    /** Per partition, write attempts in each whole second (index = second): accepted and throttled. */
    private final Map<String, List<int[]>> writesPerSecond = new LinkedHashMap<>();
    private final Action<Op<V>> complete = this::complete;
    private final String completeLabel;

    private Distribution readLatency = Distribution.constant(Time.ms(2));
    private long rowLatency = Time.ms(0.02);
    private Distribution writeLatency = Distribution.constant(Time.ms(1));
    private int writeLimit = 1_000;
    private long queries;
    private long gets;
    private long writes;
    private long throttled;
    private long conflicts;
    private long rowsReturned;

    /**
     * Creates a store whose queries take 2 ms plus 20 µs per row returned, writes 1 ms, and whose
     * partitions each take up to 1,000 writes a second. Its random stream is
     * {@code widecolumn/<name>}.
     *
     * @param sim the simulation it runs in
     * @param name its name, for traces
     */
    public WideColumnStore(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        this.random = sim.random("widecolumn/" + name);
        this.completeLabel = name + " completes";
    }

    /**
     * Sets how long a query or a get takes before its rows (the fixed part).
     *
     * @param distribution nanoseconds per call
     * @return this store
     */
    public WideColumnStore<V> readLatency(Distribution distribution) {
        readLatency = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    /**
     * Sets how much each row a query returns adds to its latency.
     *
     * @param nanos nanoseconds per row, at least 0
     * @return this store
     */
    public WideColumnStore<V> rowLatency(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("row latency must not be negative");
        }
        rowLatency = nanos;
        return this;
    }

    /**
     * Sets how long a write takes.
     *
     * @param distribution nanoseconds per write
     * @return this store
     */
    public WideColumnStore<V> writeLatency(Distribution distribution) {
        writeLatency = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    /**
     * Sets how many writes one partition accepts per second of virtual time.
     *
     * @param perSecond at least 1
     * @return this store
     */
    public WideColumnStore<V> writeLimit(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("write limit must be at least 1 per second");
        }
        writeLimit = perSecond;
        return this;
    }

    // ------------------------------------------------------------------------- calls

    /**
     * Reads the newest rows of one partition: those with the highest clustering keys, highest
     * first. Takes the read latency plus the row latency for each row returned.
     *
     * @param partition the partition key
     * @param limit at most this many rows (at least 1)
     * @param reply called with the rows (an empty list for a partition with none)
     */
    @LearnerApi
    public void query(String partition, int limit, Consumer<Reply<List<Cell<V>>>> reply) {
        query(partition, Long.MAX_VALUE, limit, reply);
    }

    /**
     * Reads the newest rows of one partition whose clustering keys are below {@code before},
     * highest first: the next page of a timeline.
     *
     * @param partition the partition key
     * @param before only rows with a clustering key below this
     * @param limit at most this many rows (at least 1)
     * @param reply called with the rows
     */
    @LearnerApi
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void query(String partition, long before, int limit, Consumer<Reply<List<Cell<V>>>> reply) {
        Objects.requireNonNull(partition, "partition");
        if (limit < 1) {
            throw new IllegalArgumentException("a query returns at least 1 row; limit was " + limit);
        }
        queries++;
        Op<V> op = new Op<>(Kind.QUERY, partition, before, null, 0, limit, (Consumer) reply);
        long rows = newest(partition, before, limit).size();
        sim.schedule(sim.now() + readLatency.sampleNanos(random) + rows * rowLatency, completeLabel, complete, op);
    }

    /**
     * Reads one row.
     *
     * @param partition the partition key
     * @param clustering the clustering key
     * @param reply called with the row (version 0 and a {@code null} value if it does not exist)
     */
    @LearnerApi
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void get(String partition, long clustering, Consumer<Reply<Cell<V>>> reply) {
        Objects.requireNonNull(partition, "partition");
        gets++;
        Op<V> op = new Op<>(Kind.GET, partition, clustering, null, 0, 1, (Consumer) reply);
        sim.schedule(sim.now() + readLatency.sampleNanos(random) + rowLatency, completeLabel, complete, op);
    }

    /**
     * Writes one row (an insert or an overwrite), unless its partition already took its write
     * limit in this second: then the reply is {@link Reply.Status#THROTTLED} and nothing is
     * written.
     *
     * @param partition the partition key
     * @param clustering the clustering key
     * @param value the value
     * @param reply called with the row as written; may be {@code null}
     */
    @LearnerApi
    public void put(String partition, long clustering, V value, Consumer<Reply<Cell<V>>> reply) {
        write(Kind.PUT, partition, clustering, value, 0, reply);
    }

    /**
     * Writes one row only if its version is still {@code expectedVersion} (a lightweight
     * transaction on one row: Cassandra's {@code IF}, DynamoDB's condition expression). Otherwise
     * nothing is written and the reply is {@link Reply.Status#CONFLICT} carrying the row as it now
     * is. Counts against the write limit like {@link #put}. It covers one row: no call makes
     * writes to two rows atomic.
     *
     * @param partition the partition key
     * @param clustering the clustering key
     * @param expectedVersion the version the caller read (0 for "the row must not exist")
     * @param value the new value
     * @param reply called with the row as written, or the conflict; may be {@code null}
     */
    @LearnerApi
    public void putIfVersion(String partition, long clustering, long expectedVersion, V value,
            Consumer<Reply<Cell<V>>> reply) {
        write(Kind.PUT_IF, partition, clustering, value, expectedVersion, reply);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void write(Kind kind, String partition, long clustering, V value, long expectedVersion,
            Consumer<Reply<Cell<V>>> reply) {
        Objects.requireNonNull(partition, "partition");
        Op<V> op = new Op<>(kind, partition, clustering, value, expectedVersion, 1, (Consumer) reply);
        int[] second = second(partition);
        if (second[0] >= writeLimit) {
            second[1]++;
            throttled++;
            op.throttled = true;
            sim.schedule(sim.now(), completeLabel, complete, op);
            return;
        }
        second[0]++;
        writes++;
        sim.schedule(sim.now() + writeLatency.sampleNanos(random), completeLabel, complete, op);
    }

    private int[] second(String partition) {
        List<int[]> seconds = writesPerSecond.computeIfAbsent(partition, p -> new ArrayList<>());
        int now = (int) (sim.now() / Time.seconds(1));
        while (seconds.size() <= now) {
            seconds.add(new int[2]);
        }
        return seconds.get(now);
    }

    private void complete(Op<V> op) {
        Reply<Object> answer;
        if (op.throttled) {
            answer = Reply.failed(Reply.Status.THROTTLED);
        } else {
            switch (op.kind) {
                case QUERY -> {
                    List<Cell<V>> rows = newest(op.partition, op.clustering, op.limit);
                    rowsReturned += rows.size();
                    answer = Reply.ok(List.copyOf(rows));
                }
                case GET -> {
                    rowsReturned++;
                    answer = Reply.ok(cell(op.partition, op.clustering));
                }
                case PUT -> answer = Reply.ok(apply(op.partition, op.clustering, op.value));
                default -> {
                    Cell<V> current = cell(op.partition, op.clustering);
                    if (current.version() != op.expectedVersion) {
                        conflicts++;
                        answer = new Reply<>(Reply.Status.CONFLICT, current);
                    } else {
                        answer = Reply.ok(apply(op.partition, op.clustering, op.value));
                    }
                }
            }
        }
        if (op.reply != null) {
            op.reply.accept(answer);
        }
    }

    private List<Cell<V>> newest(String partition, long before, int limit) {
        List<Cell<V>> rows = new ArrayList<>();
        for (Cell<V> cell : partition(partition).headMap(before, false).descendingMap().values()) {
            if (rows.size() == limit) {
                break;
            }
            rows.add(cell);
        }
        return rows;
    }

    private NavigableMap<Long, Cell<V>> partition(String partition) {
        NavigableMap<Long, Cell<V>> rows = partitions.get(partition);
        return rows != null ? rows : new TreeMap<>();
    }

    private Cell<V> cell(String partition, long clustering) {
        Cell<V> cell = partition(partition).get(clustering);
        return cell != null ? cell : new Cell<>(partition, clustering, null, 0);
    }

    private Cell<V> apply(String partition, long clustering, V value) {
        Cell<V> cell = new Cell<>(partition, clustering, value, cell(partition, clustering).version() + 1);
        partitions.computeIfAbsent(partition, p -> new TreeMap<>()).put(clustering, cell);
        return cell;
    }

    /**
     * Stores a row at once, without latency or counting against the write limit: for setting up
     * a scenario.
     *
     * @param partition the partition key
     * @param clustering the clustering key
     * @param value the value
     * @return the row, with its new version
     */
    @LearnerApi.Internal("the test loads rows before the run; write with put(partition, clustering, value, reply)")
    public Cell<V> load(String partition, long clustering, V value) {
        return apply(partition, clustering, value);
    }

    // ------------------------------------------------------------------------- observing

    /**
     * Returns how many writes a partition accepts per second.
     *
     * @return the write limit
     */
    @LearnerApi
    public int writeLimit() {
        return writeLimit;
    }

    /**
     * Returns the store's name.
     *
     * @return the name
     */
    @LearnerApi
    public String name() {
        return name;
    }

    /**
     * Returns one row now, without latency or counting; for tests.
     *
     * @param partition the partition key
     * @param clustering the clustering key
     * @return the row (version 0 and a {@code null} value if it does not exist)
     */
    @LearnerApi.Internal("read the row with get(partition, clustering, reply): it takes the store's latency and is counted")
    public Cell<V> peek(String partition, long clustering) {
        return cell(partition, clustering);
    }

    /**
     * Returns every row of every partition, by partition key then clustering key; for tests.
     *
     * @return the partitions, sorted by key, each with its rows sorted by clustering key
     */
    @LearnerApi.Internal("read a partition with query(partition, limit, reply)")
    public Map<String, List<Cell<V>>> contents() {
        Map<String, List<Cell<V>>> all = new TreeMap<>();
        partitions.forEach((key, rows) -> all.put(key, List.copyOf(rows.values())));
        return all;
    }

    /** @return queries made so far (each reads one partition) */
    public long queries() {
        return queries;
    }

    /** @return single-row gets made so far */
    public long gets() {
        return gets;
    }

    /** @return writes accepted so far (puts and conditional puts, conflicts included) */
    public long writes() {
        return writes;
    }

    /** @return writes refused because their partition was over its write limit */
    public long throttled() {
        return throttled;
    }

    /** @return conditional writes that found another version */
    public long conflicts() {
        return conflicts;
    }

    /** @return rows returned by queries and gets so far */
    public long rowsReturned() {
        return rowsReturned;
    }

    /**
     * Returns the most write attempts (accepted or throttled) any partition had in one second.
     *
     * @return writes asked of the hottest partition in its busiest second
     */
    public int peakWritesPerSecond() {
        return writesPerSecond.values().stream().flatMap(List::stream).mapToInt(s -> s[0] + s[1]).max().orElse(0);
    }

    /**
     * Returns the partition that was asked for the most writes in one second (the first such in
     * key order on a tie), or {@code null} before any write.
     *
     * @return the hottest partition's key
     */
    public String hottestPartition() {
        return peaks().entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    /**
     * Returns each partition's write attempts in its busiest second.
     *
     * @return by partition key, sorted
     */
    public Map<String, Integer> peaks() {
        Map<String, Integer> peaks = new TreeMap<>();
        writesPerSecond.forEach((key, seconds) ->
                peaks.put(key, seconds.stream().mapToInt(s -> s[0] + s[1]).max().orElse(0)));
        return peaks;
    }

    /**
     * Returns the write attempts per second of the hottest partition, with the write limit as a
     * flat line.
     *
     * @param title the figure's title (name the seed)
     * @return the chart
     */
    public TimeSeriesChart writesFigure(String title) {
        String hottest = hottestPartition();
        List<int[]> seconds = hottest == null ? List.of() : writesPerSecond.get(hottest);
        List<Double> xs = new ArrayList<>();
        List<Double> asked = new ArrayList<>();
        List<Double> refused = new ArrayList<>();
        List<Double> limit = new ArrayList<>();
        for (int i = 0; i < seconds.size(); i++) {
            xs.add(i + 0.5);
            asked.add((double) (seconds.get(i)[0] + seconds.get(i)[1]));
            refused.add((double) seconds.get(i)[1]);
            limit.add((double) writeLimit);
        }
        return new TimeSeriesChart(title, "writes per second", List.of(
                new TimeSeriesChart.Series("asked of " + hottest, xs, asked),
                new TimeSeriesChart.Series("throttled", xs, refused),
                new TimeSeriesChart.Series("write limit", xs, limit)), List.of());
    }

    /**
     * Returns the busiest second of the {@code top} hottest partitions, hottest first, with the
     * write limit as the last bar.
     *
     * @param title the figure's title (name the seed)
     * @param top how many partitions to show
     * @return the chart
     */
    public BarChart peaksFigure(String title, int top) {
        List<Map.Entry<String, Integer>> hottest = new ArrayList<>(peaks().entrySet());
        hottest.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : hottest.subList(0, Math.min(top, hottest.size()))) {
            labels.add(entry.getKey());
            values.add((double) entry.getValue());
        }
        labels.add("write limit");
        values.add((double) writeLimit);
        return new BarChart(title, "partition", "writes in its busiest second", labels, values);
    }

    @Override
    public String toString() {
        return "WideColumnStore[" + name + ", " + partitions.size() + " partitions]";
    }

    /** One call in progress. */
    private static final class Op<V> {
        final Kind kind;
        final String partition;
        final long clustering;
        final V value;
        final long expectedVersion;
        final int limit;
        final Consumer<Reply<Object>> reply;
        boolean throttled;

        Op(Kind kind, String partition, long clustering, V value, long expectedVersion, int limit,
                Consumer<Reply<Object>> reply) {
            this.kind = kind;
            this.partition = partition;
            this.clustering = clustering;
            this.value = value;
            this.expectedVersion = expectedVersion;
            this.limit = limit;
            this.reply = reply;
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + partition + "/" + clustering;
        }
    }
}
