import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.socket.Connection;
import dev.loadbearing.sim.socket.RoomClient;
import dev.loadbearing.sim.socket.RoomMessage;

/**
 * A chat app's connection to the socket gateways. Show the user every message of their rooms
 * exactly once and in order, across lost connections; and when a gateway dies, reconnect
 * without trampling the gateways that are left.
 */
public final class RoomApp implements RoomClient {

    @Override
    public void onConnected(Connection connection) {
        // Asks for each room's whole history on every connection: after a reconnect the user
        // sees everything again.
        for (String room : connection.rooms()) {
            connection.subscribe(room, 0);
        }
    }

    @Override
    public void onMessage(RoomMessage message, Connection connection) {
        // Shows whatever arrives, as it arrives: duplicates and all.
        connection.deliver(message);
    }

    @Override
    public long reconnectDelay(int attempt, RandomStream random) {
        // Tries again at once, every time.
        return 0;
    }
}
