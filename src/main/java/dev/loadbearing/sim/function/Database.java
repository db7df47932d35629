package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A database with a limit on open connections, as a relational database has
 * ({@code max_connections}): a connection beyond the limit is refused, and the query that needed
 * it fails. Opening a connection takes {@linkplain #connectTime(long) time} (TCP, TLS and
 * authentication) that the caller waits for. The database closes connections idle for its
 * {@linkplain #idleTimeout(long) idle timeout}, and notices a connection whose instance was
 * reaped only {@linkplain #abandonedAfter(long) some time later}.
 *
 * <p>Function code reaches it through {@link InstanceContext#database()} and
 * {@link Invocation#database()}; tests read {@link #open()}, {@link #peakOpen()},
 * {@link #opened()} and {@link #refused()}.
 */
@LearnerApi
public final class Database {
    /** Time charged to the code that is running: an instance's init or an invocation. */
    static final class Charge {
        final Object owner;
        final boolean duringInit;
        long nanos;
        final List<DbConnection> closing = new ArrayList<>();

        Charge(Object owner, boolean duringInit) {
            this.owner = owner;
            this.duringInit = duringInit;
        }
    }

    private final Sim sim;
    private final String name;
    private final int limit;
    private long connectTime = Time.ms(25);
    private long idleTimeout = Time.minutes(5);
    private long abandonedAfter = Time.seconds(60);
    private final Map<Object, List<DbConnection>> byOwner = new IdentityHashMap<>();
    private final TreeMap<Long, Integer> peakPerSecond = new TreeMap<>();
    private Charge charge;
    private int open;
    private int peak;
    private long opened;
    private long refused;
    private long queries;
    private long closedIdle;
    private long foreignUses;
    private long nextId;

    /**
     * Creates a database.
     *
     * @param sim the simulation
     * @param name its name, for messages
     * @param connectionLimit the most connections open at once, at least one
     */
    public Database(Sim sim, String name, int connectionLimit) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        if (connectionLimit < 1) {
            throw new IllegalArgumentException("a database accepts at least one connection");
        }
        this.limit = connectionLimit;
    }

    /**
     * Sets how long opening a connection takes (25 ms by default).
     *
     * @param nanos at least zero
     * @return this database
     */
    public Database connectTime(long nanos) {
        this.connectTime = nonNegative(nanos);
        return this;
    }

    /**
     * Sets how long a connection may sit unused before the database closes it (5 minutes by
     * default).
     *
     * @param nanos more than zero
     * @return this database
     */
    public Database idleTimeout(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        this.idleTimeout = nanos;
        return this;
    }

    /**
     * Sets how long a connection stays open after its instance is reaped (60 s by default): the
     * instance is discarded without closing anything, and the database finds out later.
     *
     * @param nanos at least zero
     * @return this database
     */
    public Database abandonedAfter(long nanos) {
        this.abandonedAfter = nonNegative(nanos);
        return this;
    }

    private static long nonNegative(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a time must not be negative");
        }
        return nanos;
    }

    /**
     * Returns the most connections the database accepts at once.
     *
     * @return the limit
     */
    @LearnerApi
    public int connectionLimit() {
        return limit;
    }

    /**
     * Opens a connection, which takes the connect time; beyond the limit the database refuses
     * it and the connection returned is not open. Call it from {@code init} or {@code handle}.
     *
     * @return the connection, open unless refused
     */
    @LearnerApi
    public DbConnection connect() {
        Charge running = charging("connect()");
        running.nanos += connectTime;
        boolean accepted = open < limit;
        DbConnection connection = new DbConnection(this, running.owner, ++nextId, accepted, sim.now());
        if (accepted) {
            opened++;
            changeOpen(+1);
            byOwner.computeIfAbsent(running.owner, key -> new ArrayList<>()).add(connection);
            watchIdle(connection);
        } else {
            refused++;
        }
        return connection;
    }

    /**
     * Opens {@code size} connections at once (in parallel: one connect time in all) and keeps
     * them for reuse. Connections the database refuses are left out and retried on a later query.
     *
     * @param size connections to hold, at least one
     * @return the pool
     */
    @LearnerApi
    public ConnectionPool pool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool holds at least one connection, not " + size);
        }
        Charge running = charging("pool()");
        long before = running.nanos;
        ConnectionPool pool = new ConnectionPool(size);
        for (int i = 0; i < size; i++) {
            pool.connections.add(connect());
        }
        running.nanos = before + connectTime;
        return pool;
    }

    private Charge charging(String what) {
        if (charge == null) {
            throw new IllegalStateException(what + " works only inside init() or handle(), while the function runs");
        }
        return charge;
    }

    // ------------------------------------------------------------------------- the platform's side

    void bind(Charge running) {
        this.charge = running;
    }

    /** Runs one query over a connection; false if it cannot (refused, closed, null). */
    boolean query(DbConnection connection) {
        Charge running = charging("query()");
        if (connection == null || connection.database != this || !connection.isOpen()) {
            return false;
        }
        if (connection.owner != running.owner) {
            // Instances are separate sandboxes: one cannot use a socket another opened.
            foreignUses++;
            return false;
        }
        queries++;
        connection.lastUsed = sim.now();
        watchIdle(connection);
        return true;
    }

    /** Runs one query through a pool, reopening a connection the database closed. */
    boolean query(ConnectionPool pool) {
        Charge running = charging("query()");
        if (pool == null) {
            return false;
        }
        for (DbConnection connection : pool.connections) {
            if (connection.isOpen()) {
                return query(connection);
            }
        }
        for (int i = 0; i < pool.connections.size(); i++) {
            if (!pool.connections.get(i).isOpen()) {
                DbConnection again = connect();
                pool.connections.set(i, again);
                if (again.isOpen()) {
                    return query(again);
                }
                return false;
            }
        }
        return false;
    }

    void close(DbConnection connection) {
        if (!connection.open || connection.closing) {
            return;
        }
        if (charge != null && !charge.duringInit) {
            connection.closing = true;
            charge.closing.add(connection);
        } else {
            closeNow(connection);
        }
    }

    /** Closes what an invocation closed, when it ends. */
    void finish(Charge running) {
        for (DbConnection connection : running.closing) {
            closeNow(connection);
        }
    }

    /** An instance was reaped: its connections close after the abandonment delay. */
    void abandon(Object owner) {
        List<DbConnection> connections = byOwner.remove(owner);
        if (connections == null) {
            return;
        }
        for (DbConnection connection : connections) {
            if (connection.open) {
                sim.schedule(sim.now() + abandonedAfter, name + " drops the dead ", this::closeNow, connection);
            }
        }
    }

    private void watchIdle(DbConnection connection) {
        sim.schedule(connection.lastUsed + idleTimeout, name + " checks idle ", this::closeIfIdle, connection);
    }

    private void closeIfIdle(DbConnection connection) {
        if (connection.open && sim.now() - connection.lastUsed >= idleTimeout) {
            closedIdle++;
            closeNow(connection);
        }
    }

    private void closeNow(DbConnection connection) {
        if (!connection.open) {
            return;
        }
        connection.open = false;
        connection.closing = false;
        List<DbConnection> list = byOwner.get(connection.owner);
        if (list != null) {
            list.remove(connection);
        }
        changeOpen(-1);
    }

    private void changeOpen(int delta) {
        open += delta;
        peak = Math.max(peak, open);
        long second = sim.now() / Time.SECOND;
        peakPerSecond.merge(second, open, Math::max);
    }

    // ------------------------------------------------------------------------- results

    /**
     * Returns the connections open now.
     *
     * @return open connections
     */
    public int open() {
        return open;
    }

    /**
     * Returns the most connections that were open at once.
     *
     * @return the peak
     */
    public int peakOpen() {
        return peak;
    }

    /**
     * Returns how many connections were opened in all.
     *
     * @return connections accepted
     */
    public long opened() {
        return opened;
    }

    /**
     * Returns how many connections the database refused because it was at its limit.
     *
     * @return refusals
     */
    public long refused() {
        return refused;
    }

    /**
     * Returns how many queries ran.
     *
     * @return queries
     */
    public long queries() {
        return queries;
    }

    /**
     * Returns how many queries tried a connection that another instance opened (kept in a static
     * field, say) and failed: on a real platform instances share no memory.
     *
     * @return such queries
     */
    public long foreignUses() {
        return foreignUses;
    }

    /**
     * Returns how many connections the database closed because they sat idle.
     *
     * @return idle closes
     */
    public long closedIdle() {
        return closedIdle;
    }

    /**
     * Draws the most connections open in each second, against the limit.
     *
     * @param title the chart's title
     * @param untilNanos the end of the chart
     * @return the chart
     */
    public TimeSeriesChart connectionsChart(String title, long untilNanos) {
        long seconds = Math.max(1, untilNanos / Time.SECOND);
        long bucket = Math.max(1, (seconds + 499) / 500);
        List<Double> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> limits = new ArrayList<>();
        int last = 0;
        for (long start = 0; start < seconds; start += bucket) {
            int most = last;
            for (Map.Entry<Long, Integer> entry : peakPerSecond.subMap(start, start + bucket).entrySet()) {
                most = Math.max(most, entry.getValue());
            }
            var lastEntry = peakPerSecond.floorEntry(start + bucket - 1);
            last = lastEntry == null ? 0 : Math.min(most, lastEntry.getValue());
            times.add((double) (start + bucket));
            values.add((double) most);
            limits.add((double) limit);
        }
        return new TimeSeriesChart(title, "connections open", List.of(
                new TimeSeriesChart.Series("open connections (most per " + (bucket == 1 ? "second" : bucket + " s") + ")", times, values),
                new TimeSeriesChart.Series("the database's limit", times, limits)), List.of());
    }

    @Override
    public String toString() {
        return name;
    }
}
