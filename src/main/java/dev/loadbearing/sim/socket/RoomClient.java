package dev.loadbearing.sim.socket;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.RandomStream;

/**
 * A client of a socket gateway: one user's app, which keeps a connection open and shows the
 * messages of its rooms. The fleet calls it when a connection opens, for every message that
 * arrives on it, and when the connection is lost or an attempt to connect fails, to ask how long
 * to wait before trying again. One object serves one client for the whole run, across all its
 * connections, so its fields are the app's memory.
 */
@LearnerApi(allMembers = true)
public interface RoomClient {
    /**
     * Called when a connection has opened (the first one, or after a reconnect). Nothing arrives
     * on it until the client subscribes to its rooms: {@code connection.subscribe(room, afterSeq)}
     * for each of {@code connection.rooms()}.
     *
     * @param connection the new connection
     */
    void onConnected(Connection connection);

    /**
     * Called for every message that arrives. Only messages passed to
     * {@link Connection#deliver(RoomMessage)} reach the user.
     *
     * @param message the message
     * @param connection the connection it arrived on
     */
    void onMessage(RoomMessage message, Connection connection);

    /**
     * Asks how long to wait before the next attempt to connect: after a connection was lost
     * ({@code attempt} 1) or after attempt {@code attempt - 1} failed.
     *
     * @param attempt 1 for the first try after a loss, then 2, 3, ... until one succeeds
     * @param random this client's random stream, for jitter
     * @return nanoseconds to wait, at least zero
     */
    long reconnectDelay(int attempt, RandomStream random);
}
