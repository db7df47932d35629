package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * A function's code: what runs once when an instance starts ({@link #init}, the code outside the
 * handler) and what runs for every invocation ({@link #handle}). The platform keeps the object
 * of one instance for as long as the instance lives, so fields set in {@code init} are there for
 * every invocation that instance serves; another instance gets its own object.
 *
 * <pre>{@code
 * public final class Orders implements FunctionCode {
 *     private ConnectionPool pool;
 *     public void init(InstanceContext instance) { pool = instance.database().pool(1); }
 *     public void handle(Invocation invocation) { invocation.query(pool); }
 * }
 * }</pre>
 */
@LearnerApi(allMembers = true)
public interface FunctionCode {
    /**
     * Runs once per instance, during its cold start (or while a provisioned instance is
     * initialised): create clients and connection pools here. Connecting takes time, which
     * lengthens the cold start.
     *
     * @param instance the instance starting, with its database
     */
    void init(InstanceContext instance);

    /**
     * Runs for each invocation, one at a time on an instance.
     *
     * @param invocation the request, with the database and a way to query it
     */
    void handle(Invocation invocation);

    /**
     * Returns the most instances this function may run at once (its reserved concurrency),
     * given the database's connection limit; requests beyond it are throttled (a 429 the
     * caller retries) instead of reaching the database. Asked once, at deployment.
     *
     * @param databaseConnectionLimit the most connections the database accepts at once
     * @return a limit of at least one; {@link Integer#MAX_VALUE} (the default) for only the
     *     platform's own limit
     */
    default int reservedConcurrency(int databaseConnectionLimit) {
        return Integer.MAX_VALUE;
    }
}
