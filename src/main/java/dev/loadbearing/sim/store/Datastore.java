package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Outages;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.eventlog.EventLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A simulated relational database: rows with versions, reads and writes that take time,
 * transactions with row locks, compare-and-set on a row's version, and crashes that keep what
 * was committed and lose the rest.
 *
 * <pre>{@code
 * Datastore<Integer> db = new Datastore<Integer>(sim, "db")
 *         .readLatency(Distribution.constant(Time.ms(2)))
 *         .writeLatency(Distribution.constant(Time.ms(5)))
 *         .lockTimeout(Time.seconds(1));
 * db.load("alice", 100);                                   // set-up: committed, no latency
 * db.read("alice", reply -> { Row<Integer> row = reply.value(); ... });
 * db.compareAndSet("alice", row.version(), 70, reply -> { ... CONFLICT if someone wrote ... });
 * Transaction<Integer> tx = db.begin();                     // see Transaction
 * db.crashAt(Time.seconds(30));
 * db.restartAt(Time.seconds(40));
 * EventLog<Row<Integer>> changes = db.changeStream();      // every committed row, in commit order
 * }</pre>
 *
 * <p>Calls answer through a callback when they complete, with a {@link Reply} whose status says
 * what happened. Reads take the read latency; writes, compare-and-sets and commits the write
 * latency, counted from when the call holds the row's lock. The single-call methods
 * ({@link #read}, {@link #write}, {@link #compareAndSet}) run as a transaction of their own
 * (autocommit). Locks are exclusive and granted first come, first served.
 *
 * <p>A crash loses every transaction that has not committed: calls in flight answer
 * {@link Reply.Status#CRASHED}, later calls of those transactions
 * {@link Reply.Status#ABORTED}, and calls made while the database is down
 * {@link Reply.Status#DOWN}. Committed rows survive.
 *
 * <p>Every commit (and every {@link #load}) is published, as it completes and in commit order,
 * to the {@link #onCommit} listeners and to the database's {@linkplain #changeStream() change
 * streams}: an {@link EventLog} of rows that a {@code Projection} can feed to a read model and a
 * cache can be invalidated from.
 *
 * @param <V> the type of values (use immutable values: a caller may keep the one it read)
 */
@LearnerApi
public final class Datastore<V> {
    enum Kind {
        READ("read"), READ_FOR_UPDATE("read for update"), WRITE("write"),
        CAS("compare-and-set"), COMMIT("commit");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Sim sim;
    private final String name;
    private final RandomStream random;
    private final Map<String, Row<V>> rows = new HashMap<>();
    private final Map<String, Lock> locks = new LinkedHashMap<>();
    private final List<Transaction<V>> active = new ArrayList<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Outages outages;
    private final Action<Op<V>> complete = this::complete;
    private final Action<Op<V>> refuse = this::refuse;
    private final Action<Op<V>> lockTimedOut = this::lockTimedOut;
    private final String completeLabel;
    private final String refuseLabel;
    private final String timeoutLabel;

    private Distribution readLatency = Distribution.constant(Time.ms(1));
    private Distribution writeLatency = Distribution.constant(Time.ms(2));
    private long lockTimeout = Time.seconds(5);
    private long nextTransaction = 1;
    private long lockWaits;
    private long lockWaitTime;
    private final List<Consumer<List<Row<V>>>> commitListeners = new ArrayList<>();
    private final Map<Long, Feed<V>> feedsByLag = new HashMap<>();
    private final List<Feed<V>> feeds = new ArrayList<>();
    private final List<String> disconnected = new ArrayList<>();
    private RandomStream cdcRandom;

    /**
     * Creates a database whose reads take 1 ms, writes 2 ms, and whose lock waits time out after
     * 5 s. Its random stream is {@code db/<name>}.
     *
     * @param sim the simulation it runs in
     * @param name its name, for traces and fault bands
     */
    public Datastore(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        this.outages = new Outages(sim, name + " down");
        this.random = sim.random("db/" + name);
        sim.onKill(this::disconnect);
        this.completeLabel = name + " completes";
        this.refuseLabel = name + " refuses";
        this.timeoutLabel = name + " lock wait times out";
    }

    /**
     * Sets how long reads take.
     *
     * @param distribution nanoseconds per read
     * @return this database
     */
    public Datastore<V> readLatency(Distribution distribution) {
        readLatency = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    /**
     * Sets how long writes, compare-and-sets and commits take once they hold their locks.
     *
     * @param distribution nanoseconds per write
     * @return this database
     */
    public Datastore<V> writeLatency(Distribution distribution) {
        writeLatency = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    /**
     * Sets how long a call may wait for a row lock before its transaction is rolled back with
     * {@link Reply.Status#LOCK_TIMEOUT}.
     *
     * @param nanos the timeout, or 0 to wait for ever (deadlocks are still detected)
     * @return this database
     */
    public Datastore<V> lockTimeout(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("lock timeout must not be negative");
        }
        lockTimeout = nanos;
        return this;
    }

    // ------------------------------------------------------------------------- calls

    /**
     * Stores a committed row at once, without latency or locks: for setting up a scenario.
     *
     * @param key the row's key
     * @param value its value
     * @return the row, with its new version
     */
    @LearnerApi.Internal("the test loads rows before the run; write with write(key, value, reply)")
    public Row<V> load(String key, V value) {
        Row<V> row = apply(key, value);
        committedRows(List.of(row));
        return row;
    }

    /**
     * Reads the last committed value of a row, without a lock.
     *
     * @param key the row's key
     * @param reply called with the row (version 0 and a {@code null} value if it does not exist)
     */
    @LearnerApi
    public void read(String key, Consumer<Reply<Row<V>>> reply) {
        submit(autocommit(), Kind.READ, key, null, 0, reply);
    }

    /**
     * Reads the last committed value of a key, without a lock: {@link #read} for when the
     * version does not matter, so a reply reads {@code reply.value()} rather than
     * {@code reply.value().value()}.
     *
     * @param key the row's key
     * @param reply called with the value ({@code null} if the row does not exist)
     */
    @LearnerApi
    public void readValue(String key, Consumer<Reply<V>> reply) {
        Objects.requireNonNull(reply, "reply");
        read(key, row -> reply.accept(new Reply<>(row.status(), row.value() == null ? null : row.value().value())));
    }

    /**
     * Writes a row in a transaction of its own: waits for the row's lock, writes, commits.
     *
     * @param key the row's key
     * @param value the new value
     * @param reply called with the row as written; may be {@code null}
     */
    @LearnerApi
    public void write(String key, V value, Consumer<Reply<Row<V>>> reply) {
        submit(autocommit(), Kind.WRITE, key, value, 0, reply);
    }

    /**
     * Writes a row only if its committed version is still {@code expectedVersion} (optimistic
     * concurrency: read, compute, write if nobody wrote in between). Otherwise nothing is written
     * and the reply is {@link Reply.Status#CONFLICT} carrying the row as it now is.
     *
     * @param key the row's key
     * @param expectedVersion the version the caller read (0 for "the row must not exist")
     * @param value the new value
     * @param reply called with the row as written, or the conflict; may be {@code null}
     */
    @LearnerApi
    public void compareAndSet(String key, long expectedVersion, V value,
            Consumer<Reply<Row<V>>> reply) {
        submit(autocommit(), Kind.CAS, key, value, expectedVersion, reply);
    }

    /**
     * Begins a transaction. Beginning takes no time; a transaction begun while the database is
     * down answers {@link Reply.Status#DOWN} to its calls until it restarts, then
     * {@link Reply.Status#ABORTED}.
     *
     * @return the transaction
     */
    @LearnerApi
    public Transaction<V> begin() {
        tally("begin");
        Transaction<V> tx = new Transaction<>(this, "tx-" + nextTransaction++, false, sim.process());
        if (outages.isUp() && !disconnected(sim.process())) {
            active.add(tx);
        } else {
            tx.state = Transaction.State.LOST;
        }
        return tx;
    }

    private Transaction<V> autocommit() {
        Transaction<V> tx = new Transaction<>(this, "tx-" + nextTransaction++, true, sim.process());
        if (outages.isUp()) {
            active.add(tx);
        }
        return tx;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void submit(Transaction<V> tx, Kind kind, String key, V value, long expectedVersion,
            Consumer<? extends Reply<?>> reply) {
        if (kind != Kind.COMMIT) {
            Objects.requireNonNull(key, "key");
        }
        if (disconnected(tx.client)) {
            return;                                    // a dead process's call never arrives
        }
        if (tx.inFlight != null) {
            throw new IllegalStateException(tx + " already has a " + tx.inFlight.kind.label
                    + " in flight; wait for its reply before the next call");
        }
        tally(kind.label);
        Op<V> op = new Op<>(tx, kind, key, value, expectedVersion, (Consumer) reply, outages.epoch());
        if (!outages.isUp()) {
            op.failure = Reply.Status.DOWN;
            sim.schedule(sim.now(), refuseLabel, refuse, op);
            return;
        }
        if (!tx.isActive()) {
            op.failure = Reply.Status.ABORTED;
            sim.schedule(sim.now(), refuseLabel, refuse, op);
            return;
        }
        tx.inFlight = op;
        boolean locks = kind == Kind.READ_FOR_UPDATE || kind == Kind.WRITE || kind == Kind.CAS;
        if (locks && !tx.held.contains(key)) {
            acquire(op);
        } else {
            work(op);
        }
    }

    private void acquire(Op<V> op) {
        Transaction<V> tx = op.tx;
        Lock lock = locks.computeIfAbsent(op.key, Lock::new);
        if (lock.holder == null) {
            grant(lock, tx);
            work(op);
            return;
        }
        if (waitsFor(lock.holder, tx)) {
            tx.inFlight = null;
            end(tx, Transaction.State.ROLLED_BACK);
            op.failure = Reply.Status.DEADLOCK;
            sim.schedule(sim.now(), refuseLabel, refuse, op);
            return;
        }
        lockWaits++;
        lock.waiters.add(op);
        tx.waitingFor = lock;
        op.waitingSince = sim.now();
        if (lockTimeout > 0) {
            op.timeout = sim.schedule(sim.now() + lockTimeout, timeoutLabel, lockTimedOut, op);
        }
    }

    /** Whether {@code from}, following the chain of lock holders it waits for, reaches {@code to}. */
    private static boolean waitsFor(Transaction<?> from, Transaction<?> to) {
        for (Transaction<?> t = from; t != null; t = t.waitingFor == null ? null : t.waitingFor.holder) {
            if (t == to) {
                return true;
            }
        }
        return false;
    }

    private void grant(Lock lock, Transaction<?> tx) {
        lock.holder = tx;
        tx.held.add(lock.key);
    }

    private void work(Op<V> op) {
        Distribution latency = op.kind == Kind.READ || op.kind == Kind.READ_FOR_UPDATE
                ? readLatency : writeLatency;
        sim.schedule(sim.now() + latency.sampleNanos(random), completeLabel, complete, op);
    }

    private void complete(Op<V> op) {
        Transaction<V> tx = op.tx;
        if (op.epoch != outages.epoch()) {
            reply(op, Reply.failed(Reply.Status.CRASHED));
            return;
        }
        if (!tx.isActive()) {
            reply(op, Reply.failed(Reply.Status.ABORTED));
            return;
        }
        tx.inFlight = null;
        switch (op.kind) {
            case READ, READ_FOR_UPDATE -> {
                Row<V> row = tx.writes.containsKey(op.key)
                        ? new Row<>(op.key, tx.writes.get(op.key), committed(op.key).version() + 1)
                        : committed(op.key);
                if (tx.autocommit) {
                    end(tx, Transaction.State.COMMITTED);
                }
                reply(op, Reply.ok(row));
            }
            case WRITE -> {
                Row<V> row;
                if (tx.autocommit) {
                    row = apply(op.key, op.value);
                    committedRows(List.of(row));
                    end(tx, Transaction.State.COMMITTED);
                } else {
                    tx.writes.put(op.key, op.value);
                    row = new Row<>(op.key, op.value, committed(op.key).version() + 1);
                }
                reply(op, Reply.ok(row));
            }
            case CAS -> {
                Row<V> current = committed(op.key);
                if (current.version() != op.expectedVersion) {
                    end(tx, Transaction.State.ROLLED_BACK);
                    tally(Reply.Status.CONFLICT.description());
                    reply(op, new Reply<>(Reply.Status.CONFLICT, current));
                } else {
                    Row<V> row = apply(op.key, op.value);
                    committedRows(List.of(row));
                    end(tx, Transaction.State.COMMITTED);
                    reply(op, Reply.ok(row));
                }
            }
            case COMMIT -> {
                List<Row<V>> written = new ArrayList<>(tx.writes.size());
                tx.writes.forEach((key, value) -> written.add(apply(key, value)));
                if (!written.isEmpty()) {
                    committedRows(written);
                }
                end(tx, Transaction.State.COMMITTED);
                reply(op, Reply.ok(null));
            }
        }
    }

    private void lockTimedOut(Op<V> op) {
        Transaction<V> tx = op.tx;
        tx.waitingFor.waiters.remove(op);
        tx.waitingFor = null;
        tx.inFlight = null;
        lockWaitTime += sim.now() - op.waitingSince;
        end(tx, Transaction.State.ROLLED_BACK);
        reply(op, Reply.failed(Reply.Status.LOCK_TIMEOUT));
    }

    private void refuse(Op<V> op) {
        reply(op, Reply.failed(op.failure));
    }

    private void reply(Op<V> op, Reply<Object> reply) {
        if (!reply.isOk() && reply.status() != Reply.Status.CONFLICT) {
            tally(reply.status().description());
        }
        String caller = op.tx.client;
        if (op.reply == null || disconnected(caller)) {
            return;                                    // nobody is listening any more
        }
        sim.runAs(caller, () -> op.reply.accept(reply));
    }

    private boolean disconnected(String client) {
        return client != null && (disconnected.contains(client) || sim.isKilled(client));
    }

    // ------------------------------------------------------------------------- clients

    /**
     * Runs code as a client process ({@link Sim#runAs}): the transactions it begins, and those
     * begun in their reply callbacks, belong to that client, so that {@link #disconnect} (or
     * {@link Sim#kill}) can end them when the process dies. Tests wrap the code under test in it
     * (a consumer's handler, a service's request handler); code run outside belongs to no client
     * and is never disconnected.
     *
     * @param clientName the process's name, such as {@code "ledger-2"}
     * @param action what the process does now
     */
    @LearnerApi.Internal("the test runs your code as a client process; just call the database")
    public void as(String clientName, Runnable action) {
        sim.runAs(Objects.requireNonNull(clientName, "clientName"), action);
    }

    /**
     * Ends a client process's connection, as when the process crashes: its open transactions
     * roll back and release their locks, except a commit (or an autocommit write) already in
     * flight, which still takes effect, as one the server had received would; no reply reaches
     * the client again, and its later calls are ignored. The name stays disconnected for good:
     * a restarted process connects under a new name. {@link Sim#kill} of the process does the
     * same.
     *
     * @param clientName the process's name
     */
    public void disconnect(String clientName) {
        if (disconnected.contains(clientName)) {
            return;
        }
        disconnected.add(clientName);
        for (Transaction<V> tx : List.copyOf(active)) {
            if (!clientName.equals(tx.client)) {
                continue;
            }
            Op<V> op = tx.inFlight;
            boolean landing = op != null && tx.waitingFor == null
                    && (op.kind == Kind.COMMIT || (tx.autocommit && op.kind != Kind.READ));
            if (!landing) {
                tally("rollback");
                end(tx, Transaction.State.ROLLED_BACK);
            }
        }
    }

    /**
     * Calls a listener with the rows of every commit from now on, in commit order: the low-level
     * hook under the {@linkplain #changeStream() change stream}. Each call holds the rows one
     * transaction (or autocommit write, or {@link #load}) wrote, with their new versions, and
     * comes as the commit completes, before its caller hears the reply. A rolled-back or crashed
     * transaction, and a commit in flight at a crash, call nothing.
     *
     * @param listener called at each commit's completion
     */
    public void onCommit(Consumer<List<Row<V>>> listener) {
        commitListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Returns the database's change stream: every committed row, appended as its commit
     * completes, in commit order (what change data capture tools such as Debezium read from the
     * write-ahead log, or DynamoDB Streams and MongoDB change streams serve). Each event's entity
     * is the row's key, its version the row's version, its value the row as committed; the rows
     * of one transaction are consecutive, in the order it first wrote them. A rolled-back or
     * crashed transaction, and a commit in flight at a crash, append nothing.
     *
     * <p>The stream is opened on the first call and the same log is returned afterwards. Opened on
     * a database that already holds rows, it starts as a CDC connector does, with a snapshot:
     * every row as it is now, in key order, then the commits from now on. A {@code Projection}
     * over the stream keeps a read model of the database; a cache invalidator deletes
     * {@code event.entity()} for each event.
     *
     * @return the stream, with no lag
     */
    @LearnerApi.Internal("the test wires the change stream to a projection or an invalidator; your code is handed its events")
    public EventLog<Row<V>> changeStream() {
        return changeStream(0);
    }

    /**
     * Returns a change stream that carries each commit {@code lag} after it completes, as a
     * replica or a CDC connector reading the write-ahead log does: the same rows in the same
     * order as {@link #changeStream()}, later. While the database is down the connector cannot
     * read: commits due then reach the stream when it restarts (committed rows are durable, so
     * none is lost). One stream per lag: the same lag returns the same log.
     *
     * @param lag nanoseconds from a commit's completion to its rows in the stream, not negative
     * @return the stream
     */
    @LearnerApi.Internal("the test wires the change stream to a projection or an invalidator; your code is handed its events")
    public EventLog<Row<V>> changeStream(long lag) {
        if (lag < 0) {
            throw new IllegalArgumentException("a change stream's lag is not negative: " + lag);
        }
        Feed<V> feed = feedsByLag.get(lag);
        if (feed == null) {
            feed = open(name + " changes" + (lag == 0 ? "" : " +" + Time.format(lag)), lag, null);
            feedsByLag.put(lag, feed);
        }
        return feed.log;
    }

    /**
     * Returns a new change stream whose lag varies: each commit is carried after a delay drawn
     * from {@code lag} (the random stream {@code cdc/<name>}), but never before a commit that
     * completed earlier, so the order is the commit order still and a slow commit holds back the
     * ones behind it, as a connector reading one log does. While the database is down nothing
     * reaches the stream, as with {@link #changeStream(long)}. Each call opens another stream.
     *
     * @param lag nanoseconds from a commit's completion to its rows in the stream
     * @return the stream
     */
    @LearnerApi.Internal("the test wires the change stream to a projection or an invalidator; your code is handed its events")
    public EventLog<Row<V>> changeStream(Distribution lag) {
        Objects.requireNonNull(lag, "lag");
        return open(name + " changes (varying lag)", 0, lag).log;
    }

    private Feed<V> open(String streamName, long lag, Distribution varying) {
        Feed<V> feed = new Feed<>(new EventLog<>(sim, streamName), lag, varying);
        feed.append(rows().values());                                   // the snapshot, in key order
        feeds.add(feed);
        return feed;
    }

    /** Publishes one commit to the listeners and the change streams. */
    private void committedRows(List<Row<V>> written) {
        List<Row<V>> rows = List.copyOf(written);
        for (Consumer<List<Row<V>>> listener : commitListeners) {
            listener.accept(rows);
        }
        for (Feed<V> feed : feeds) {
            if (feed.varying != null) {
                if (cdcRandom == null) {
                    cdcRandom = sim.random("cdc/" + name);
                }
                long due = Math.max(feed.lastDue, sim.now() + Math.max(0, feed.varying.sampleNanos(cdcRandom)));
                feed.lastDue = due;
                sim.at(due, feed.log.name(), () -> feedDue(feed, rows));
            } else if (feed.lag == 0) {
                feed.append(rows);
            } else {
                sim.at(sim.now() + feed.lag, feed.log.name(), () -> feedDue(feed, rows));
            }
        }
    }

    private void feedDue(Feed<V> feed, List<Row<V>> rows) {
        if (outages.isUp() && feed.held.isEmpty()) {
            feed.append(rows);
        } else {
            feed.held.add(rows);                   // the connector reads it once the database is back
        }
    }

    /** A change stream and the commits it has not carried yet because the database was down. */
    private static final class Feed<V> {
        final EventLog<Row<V>> log;
        final long lag;
        final Distribution varying;
        final ArrayDeque<List<Row<V>>> held = new ArrayDeque<>();
        long lastDue;

        Feed(EventLog<Row<V>> log, long lag, Distribution varying) {
            this.log = log;
            this.lag = lag;
            this.varying = varying;
        }

        void append(Iterable<Row<V>> rows) {
            for (Row<V> row : rows) {
                log.append(row.key(), row.version(), row);
            }
        }

        void flush() {
            while (!held.isEmpty()) {
                append(held.poll());
            }
        }
    }

    void rollback(Transaction<V> tx) {
        if (!tx.isActive()) {
            return;
        }
        tally("rollback");
        Op<V> waiting = tx.waitingFor == null ? null : tx.inFlight;
        end(tx, Transaction.State.ROLLED_BACK);
        if (waiting != null) {
            waiting.failure = Reply.Status.ABORTED;
            sim.schedule(sim.now(), refuseLabel, refuse, waiting);
        }
    }

    /** Ends a transaction: stops any lock wait, discards its writes, releases its locks. */
    private void end(Transaction<V> tx, Transaction.State state) {
        tx.state = state;
        active.remove(tx);
        tx.writes.clear();
        if (tx.waitingFor != null) {
            Op<V> waiting = tx.inFlight;
            tx.waitingFor.waiters.remove(waiting);
            cancelTimeout(waiting);
            lockWaitTime += sim.now() - waiting.waitingSince;
            tx.waitingFor = null;
        }
        tx.inFlight = null;
        for (String key : tx.held) {
            release(locks.get(key));
        }
        tx.held.clear();
    }

    @SuppressWarnings("unchecked")
    private void release(Lock lock) {
        lock.holder = null;
        Op<V> next = (Op<V>) lock.waiters.poll();
        if (next == null) {
            locks.remove(lock.key);
            return;
        }
        cancelTimeout(next);
        lockWaitTime += sim.now() - next.waitingSince;
        next.tx.waitingFor = null;
        grant(lock, next.tx);
        work(next);
    }

    private void cancelTimeout(Op<V> op) {
        if (op.timeout >= 0) {
            sim.cancel(op.timeout);
            op.timeout = -1;
        }
    }

    private Row<V> committed(String key) {
        Row<V> row = rows.get(key);
        return row != null ? row : new Row<>(key, null, 0);
    }

    private Row<V> apply(String key, V value) {
        Row<V> row = new Row<>(key, value, committed(key).version() + 1);
        rows.put(key, row);
        return row;
    }

    private void tally(String what) {
        counts.merge(what, 1L, Long::sum);
    }

    // ------------------------------------------------------------------------- faults

    /**
     * Crashes the database now: uncommitted transactions are lost with their locks and writes,
     * calls in flight fail, new calls are refused. Committed rows survive.
     */
    @LearnerApi.Internal("the test injects faults; handle a DOWN or CRASHED reply instead")
    @SuppressWarnings("unchecked")
    public void crash() {
        if (!outages.crash()) {
            return;
        }
        for (Transaction<V> tx : List.copyOf(active)) {
            Op<V> op = tx.inFlight;
            if (tx.waitingFor != null) {
                cancelTimeout(op);
                op.failure = Reply.Status.CRASHED;
                sim.schedule(sim.now(), refuseLabel, refuse, op);
            }
            tx.state = Transaction.State.LOST;
            tx.writes.clear();
            tx.held.clear();
            tx.waitingFor = null;
            tx.inFlight = null;
        }
        active.clear();
        locks.clear();
    }

    /** Restarts a crashed database with every committed row and no transactions. */
    @LearnerApi.Internal("the test injects faults; handle a DOWN or CRASHED reply instead")
    public void restart() {
        outages.restart();
        if (outages.isUp()) {
            for (Feed<V> feed : feeds) {
                feed.flush();
            }
        }
    }

    /**
     * Crashes the database at a given time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void crashAt(long time) {
        sim.at(time, "crash " + name, this::crash);
    }

    /**
     * Restarts the database at a given time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void restartAt(long time) {
        sim.at(time, "restart " + name, this::restart);
    }

    // ------------------------------------------------------------------------- observing

    /**
     * Returns a row's last committed value now, without latency or locks; for tests and
     * invariants.
     *
     * @param key the row's key
     * @return the row (version 0 and a {@code null} value if it does not exist)
     */
    @LearnerApi.Internal("read the row with read(key, reply): it takes the database's latency and is counted")
    public Row<V> peek(String key) {
        return committed(key);
    }

    /**
     * Returns every committed row, by key.
     *
     * @return the rows, sorted by key
     */
    public Map<String, Row<V>> rows() {
        return new TreeMap<>(rows);
    }

    /**
     * Returns how many calls of each kind were made ({@code read}, {@code write},
     * {@code compare-and-set}, {@code begin}, {@code commit}, {@code rollback}, ...) and how
     * many failed, by {@linkplain Reply.Status#description() failure} ({@code version
     * conflict}, {@code lock wait timed out}, {@code refused: down}, ...).
     *
     * @return counts in the order each was first seen
     */
    public Map<String, Long> counts() {
        return new LinkedHashMap<>(counts);
    }

    /**
     * Returns how many calls of one kind were made ({@code "commit"}), or failed with one
     * status ({@code Reply.Status.DEADLOCK.description()}).
     *
     * @param what a key of {@link #counts()}
     * @return the count, 0 if never seen
     */
    public long count(String what) {
        return counts.getOrDefault(what, 0L);
    }

    /**
     * Returns how many calls had to wait for a lock.
     *
     * @return lock waits so far
     */
    public long lockWaits() {
        return lockWaits;
    }

    /**
     * Returns the total time calls spent waiting for locks (waits still going on not included).
     *
     * @return nanoseconds
     */
    public long lockWaitTime() {
        return lockWaitTime;
    }

    /**
     * Returns the database's name.
     *
     * @return the name
     */
    @LearnerApi
    public String name() {
        return name;
    }

    /**
     * Returns whether the database is up.
     *
     * @return {@code false} between a crash and the restart
     */
    public boolean isUp() {
        return outages.isUp();
    }

    /**
     * Returns every crash so far with its restart, for fault bands.
     *
     * @return the faults, oldest first
     */
    public List<Fault> faults() {
        return outages.faults();
    }

    /**
     * Returns the database's counts so far as one record.
     *
     * @return the statistics
     */
    public DatastoreStats stats() {
        return new DatastoreStats(counts(), lockWaits(), lockWaitTime());
    }

    @Override
    public String toString() {
        return "Datastore[" + name + ", " + rows.size() + " rows, " + active.size()
                + " open transactions" + (outages.isUp() ? "" : ", down") + "]";
    }

    /** A row lock: its holder and the calls waiting for it, first come first served. */
    static final class Lock {
        final String key;
        final ArrayDeque<Op<?>> waiters = new ArrayDeque<>();
        Transaction<?> holder;

        Lock(String key) {
            this.key = key;
        }
    }

    /** One call in progress. */
    static final class Op<V> {
        final Transaction<V> tx;
        final Kind kind;
        final String key;
        final V value;
        final long expectedVersion;
        final Consumer<Reply<Object>> reply;
        final int epoch;
        Reply.Status failure;
        long waitingSince;
        long timeout = -1;

        Op(Transaction<V> tx, Kind kind, String key, V value, long expectedVersion,
                Consumer<Reply<Object>> reply, int epoch) {
            this.tx = tx;
            this.kind = kind;
            this.key = key;
            this.value = value;
            this.expectedVersion = expectedVersion;
            this.reply = reply;
            this.epoch = epoch;
        }

        @Override
        public String toString() {
            return tx + " " + kind.label + (key == null ? "" : " " + key);
        }
    }
}
