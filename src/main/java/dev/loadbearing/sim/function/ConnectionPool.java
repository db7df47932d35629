package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections opened together and reused, made with {@link Database#pool(int)}, usually in
 * {@link FunctionCode#init} so that every invocation of the instance reuses them. A query through
 * the pool takes one of its open connections; a connection the database has closed (idle too long)
 * is reopened on the next query, which then pays the connect time. An instance serves one
 * invocation at a time, so a pool of more than one connection per instance holds connections no
 * query can use.
 */
@LearnerApi
public final class ConnectionPool {
    final List<DbConnection> connections = new ArrayList<>();
    final int size;

    ConnectionPool(int size) {
        this.size = size;
    }

    /**
     * Returns how many connections the pool was asked to hold.
     *
     * @return the size
     */
    @LearnerApi
    public int size() {
        return size;
    }

    /**
     * Returns how many of its connections are open.
     *
     * @return open connections
     */
    @LearnerApi
    public int open() {
        int open = 0;
        for (DbConnection connection : connections) {
            if (connection.isOpen()) {
                open++;
            }
        }
        return open;
    }

    /** Closes every connection of the pool. */
    @LearnerApi
    public void close() {
        for (DbConnection connection : connections) {
            connection.close();
        }
    }
}
