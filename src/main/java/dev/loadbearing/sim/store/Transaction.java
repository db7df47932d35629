package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A transaction on a simulated {@link Datastore}, started with {@link Datastore#begin()}. Its
 * writes are invisible to everyone else until {@link #commit}, and lost if it rolls back or the
 * database crashes first. {@link #write} and {@link #readForUpdate} lock the row until the
 * transaction ends; a row locked by another transaction makes the call wait, in virtual time,
 * until the lock is released, the lock timeout passes ({@link Reply.Status#LOCK_TIMEOUT}), or
 * waiting would close a cycle of transactions waiting for each other
 * ({@link Reply.Status#DEADLOCK}); either failure rolls the whole transaction back.
 *
 * <pre>{@code
 * Transaction<Integer> tx = db.begin();
 * tx.readForUpdate("alice", read -> {
 *     int balance = read.value().value();
 *     tx.write("alice", balance - 30, written -> tx.commit(done -> { ... }));
 * });
 * }</pre>
 *
 * <p>A transaction makes one call at a time: wait for a call's reply before the next. Once it
 * has ended, every call answers {@link Reply.Status#ABORTED}.
 *
 * @param <V> the type of values
 */
@LearnerApi
public final class Transaction<V> {
    /** Where a transaction is in its life. */
    @LearnerApi(allMembers = true)
    public enum State {
        /** Begun and not yet ended. */
        ACTIVE,
        /** Committed: its writes are durable. */
        COMMITTED,
        /** Rolled back, by the caller, a lock timeout or a deadlock: its writes are discarded. */
        ROLLED_BACK,
        /** Lost in a crash of the database: its writes are discarded. */
        LOST
    }

    final Datastore<V> db;
    final String id;
    final boolean autocommit;
    /** The client process that began it ({@link Datastore#as}), or {@code null}. */
    final String client;
    final Map<String, V> writes = new LinkedHashMap<>();
    final List<String> held = new ArrayList<>();
    State state = State.ACTIVE;
    Datastore.Lock waitingFor;
    Datastore.Op<V> inFlight;

    Transaction(Datastore<V> db, String id, boolean autocommit, String client) {
        this.db = db;
        this.id = id;
        this.autocommit = autocommit;
        this.client = client;
    }

    /**
     * Reads a row as this transaction sees it: its own uncommitted write if it made one,
     * otherwise the last committed value. Takes no lock.
     *
     * @param key the row's key
     * @param reply called with the row when the read completes
     */
    @LearnerApi
    public void read(String key, Consumer<Reply<Row<V>>> reply) {
        db.submit(this, Datastore.Kind.READ, key, null, 0, reply);
    }

    /**
     * Locks a row, waiting if another transaction holds it, then reads it (SQL's
     * {@code SELECT ... FOR UPDATE}). The lock is held until the transaction ends.
     *
     * @param key the row's key
     * @param reply called with the row when the read completes
     */
    @LearnerApi
    public void readForUpdate(String key, Consumer<Reply<Row<V>>> reply) {
        db.submit(this, Datastore.Kind.READ_FOR_UPDATE, key, null, 0, reply);
    }

    /**
     * Locks a row, waiting if another transaction holds it, and writes a value that others see
     * once the transaction commits. The reply's row carries the version the row will have then.
     *
     * @param key the row's key
     * @param value the new value
     * @param reply called when the write completes
     */
    @LearnerApi
    public void write(String key, V value, Consumer<Reply<Row<V>>> reply) {
        db.submit(this, Datastore.Kind.WRITE, key, value, 0, reply);
    }

    /**
     * Commits: the transaction's writes become visible and durable at once, each row's version
     * goes up by one, and its locks are released. A crash before the reply loses them.
     *
     * @param reply called when the commit completes; may be {@code null}
     */
    @LearnerApi
    public void commit(Consumer<Reply<Void>> reply) {
        db.submit(this, Datastore.Kind.COMMIT, null, null, 0, reply);
    }

    /**
     * Rolls back now: the writes are discarded and the locks released. A call still waiting
     * for a lock or in flight answers {@link Reply.Status#ABORTED}. Does nothing once the
     * transaction has ended.
     */
    @LearnerApi
    public void rollback() {
        db.rollback(this);
    }

    /**
     * Returns the transaction's id, such as {@code tx-3}.
     *
     * @return the id, unique within its database
     */
    @LearnerApi
    public String id() {
        return id;
    }

    /**
     * Returns where the transaction is in its life.
     *
     * @return the state
     */
    @LearnerApi
    public State state() {
        return state;
    }

    /**
     * Returns whether the transaction can still make calls.
     *
     * @return {@code true} while {@link State#ACTIVE}
     */
    @LearnerApi
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    @Override
    public String toString() {
        return id;
    }
}
