package dev.loadbearing.sim.socket;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.List;

/**
 * One open connection between a client and a gateway node. It stays open until the gateway dies;
 * the client then gets a new one after reconnecting, usually to another node.
 */
@LearnerApi(allMembers = true)
public final class Connection {
    /** For {@link #subscribe(String, long)}: no history, only messages published from now on. */
    public static final long LIVE = -1;

    final SocketFleet.Member client;
    final SocketFleet.Node node;
    final long id;
    boolean open = true;
    long lastArrival;

    Connection(SocketFleet.Member client, SocketFleet.Node node, long id) {
        this.client = client;
        this.node = node;
        this.id = id;
    }

    /**
     * Subscribes this connection to a room: from the moment the gateway receives the request it
     * sends every new message of the room, and it also replays the room's history after
     * {@code afterSeq} (fetched a little later from the room's log, so it may overlap with
     * messages that are already on their way). Subscribing again to a room replays again.
     *
     * @param room one of {@link #rooms()}
     * @param afterSeq the last message the client already has (0 for everything), or {@link #LIVE}
     */
    public void subscribe(String room, long afterSeq) {
        client.fleet.subscribe(this, room, afterSeq);
    }

    /**
     * Hands a message to the user: this is what the user sees, in the order of the calls.
     *
     * @param message a message that arrived on one of this client's connections
     */
    public void deliver(RoomMessage message) {
        client.delivered(message);
    }

    /**
     * Returns the rooms this client's user is in.
     *
     * @return room names
     */
    public List<String> rooms() {
        return client.rooms;
    }

    /**
     * Returns the client's name, such as {@code client-17}.
     *
     * @return the name
     */
    public String clientName() {
        return client.name;
    }

    /**
     * Returns the name of the gateway node this connection goes to.
     *
     * @return such as {@code gateway-1}
     */
    public String gateway() {
        return node.name;
    }

    /**
     * Returns whether the connection is still open.
     *
     * @return {@code false} once its gateway has died
     */
    public boolean isOpen() {
        return open;
    }

    @Override
    public String toString() {
        return client.name + " -> " + node.name;
    }
}
