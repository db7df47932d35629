package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * One invocation of a function, handed to {@link FunctionCode#handle}: the database to query,
 * and a way to query it. An invocation whose query fails (no open connection: refused by the
 * database, closed, never opened, or opened by another instance, since instances share no
 * memory on a real platform) fails.
 */
@LearnerApi
public final class Invocation {
    private final long id;
    private final boolean cold;
    private final Database database;
    int queries;
    boolean failed;

    Invocation(long id, boolean cold, Database database) {
        this.id = id;
        this.cold = cold;
        this.database = database;
    }

    /**
     * Returns the invocation's number.
     *
     * @return its id
     */
    @LearnerApi
    public long id() {
        return id;
    }

    /**
     * Returns whether this invocation waited for its instance to start.
     *
     * @return whether it was a cold start
     */
    @LearnerApi
    public boolean coldStart() {
        return cold;
    }

    /**
     * Returns the database the function talks to.
     *
     * @return the database
     */
    @LearnerApi
    public Database database() {
        if (database == null) {
            throw new IllegalStateException("this function has no database");
        }
        return database;
    }

    /**
     * Runs the invocation's query over a connection.
     *
     * @param connection an open connection
     * @return whether it ran; if not, the invocation fails
     */
    @LearnerApi
    public boolean query(DbConnection connection) {
        return done(database().query(connection));
    }

    /**
     * Runs the invocation's query through a pool.
     *
     * @param pool a pool with an open connection (or one it can reopen)
     * @return whether it ran; if not, the invocation fails
     */
    @LearnerApi
    public boolean query(ConnectionPool pool) {
        return done(database().query(pool));
    }

    private boolean done(boolean ran) {
        queries++;
        if (!ran) {
            failed = true;
        }
        return ran;
    }

    @Override
    public String toString() {
        return "invocation #" + id;
    }
}
