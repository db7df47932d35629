package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * One connection to a {@link Database}, opened with {@link Database#connect()}. It counts
 * against the database's connection limit from the moment it opens until it is closed: by
 * {@link #close()}, by the database after it has been idle for the database's idle timeout, or
 * after its instance is reaped (the platform freezes and then discards an instance without
 * running any code, so the database notices the dead connection only later). A connection the
 * database refused is never open.
 */
@LearnerApi
public final class DbConnection {
    final Database database;
    final Object owner;
    final long id;
    boolean open;
    boolean closing;
    long lastUsed;

    DbConnection(Database database, Object owner, long id, boolean open, long now) {
        this.database = database;
        this.owner = owner;
        this.id = id;
        this.open = open;
        this.lastUsed = now;
    }

    /**
     * Closes the connection: at the end of the invocation that closes it (it is in use until
     * then), or at once when called from {@code init}.
     */
    @LearnerApi
    public void close() {
        database.close(this);
    }

    /**
     * Returns whether the connection is open: false if the database refused it, or once it has
     * been closed.
     *
     * @return whether queries can use it
     */
    @LearnerApi
    public boolean isOpen() {
        return open && !closing;
    }

    @Override
    public String toString() {
        return "connection #" + id;
    }
}
