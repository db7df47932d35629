package dev.loadbearing.sim.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SocketFleetTest {

    /** Delivers everything it gets and resubscribes after what it has shown; retries after a fixed delay. */
    static class Recording implements RoomClient {
        final Map<String, Long> shown = new HashMap<>();
        final List<RoomMessage> received = new ArrayList<>();
        final List<Integer> attempts = new ArrayList<>();
        long delay = Time.seconds(1);
        int connections;

        @Override
        public void onConnected(Connection connection) {
            connections++;
            for (String room : connection.rooms()) {
                connection.subscribe(room, shown.getOrDefault(room, 0L));
            }
        }

        @Override
        public void onMessage(RoomMessage message, Connection connection) {
            received.add(message);
            if (message.seq() == shown.getOrDefault(message.room(), 0L) + 1) {
                connection.deliver(message);
                shown.put(message.room(), message.seq());
            }
        }

        @Override
        public long reconnectDelay(int attempt, RandomStream random) {
            attempts.add(attempt);
            return (long) (random.nextDouble() * delay);
        }
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void on_a_steady_fleet_every_client_gets_every_message_of_its_rooms_in_order() {
        Sim sim = new Sim(1);
        SocketFleet fleet = new SocketFleet(sim, 2);
        List<Recording> clients = new ArrayList<>();
        fleet.addClients(40, i -> { Recording c = new Recording(); clients.add(c); return c; },
                i -> List.of("room-" + i % 4));
        fleet.start(Time.seconds(2), Time.seconds(20));
        for (int k = 0; k < 200; k++) {
            int room = k % 4;
            sim.at(Time.seconds(3) + k * Time.ms(50), "publish", () -> fleet.publish("room-" + room, "hi"));
        }
        sim.runFor(Time.seconds(20));
        assertEquals(50, fleet.published("room-1"));
        for (int c = 0; c < 40; c++) {
            assertEquals(Map.of("room-" + c % 4, oneTo(50)), fleet.delivered(c));
            assertTrue(fleet.isConnected(c));
        }
        assertEquals(List.of(), fleet.forgedDeliveries());
        assertTrue(clients.stream().allMatch(c -> c.attempts.isEmpty()), "nobody had to retry");
        assertEquals(40, (int) fleet.connected().value(19));
    }

    @Test
    void a_crash_drops_every_connection_of_the_node_and_its_clients_reconnect_elsewhere_with_a_replay() {
        Sim sim = new Sim(2);
        SocketFleet fleet = new SocketFleet(sim, 3);
        List<Recording> clients = new ArrayList<>();
        fleet.addClients(300, i -> { Recording c = new Recording(); clients.add(c); return c; }, i -> List.of("lobby"));
        fleet.start(Time.seconds(3), Time.seconds(30));
        sim.every(Time.ms(100), "publish", () -> fleet.publish("lobby", "hi"));
        fleet.crashAt(Time.seconds(10), 1);
        sim.runFor(Time.seconds(30));
        long lost = clients.stream().filter(c -> c.connections == 2).count();
        assertTrue(lost > 60 && lost < 140, "about a third of 300 lost their connection: " + lost);
        assertEquals(lost, fleet.reconnectionTimes().size());
        assertEquals(0, fleet.stillDisconnected());
        assertTrue(clients.stream().filter(c -> c.connections == 2).allMatch(c -> c.attempts.get(0) == 1),
                "the first question after a loss is attempt 1");
        assertTrue(clients.stream().anyMatch(c -> c.received.stream().anyMatch(RoomMessage::replay)),
                "reconnected clients got a replay of what they missed");
        long published = fleet.published("lobby");
        for (int c = 0; c < 300; c++) {
            List<Long> delivered = fleet.delivered(c).get("lobby");
            assertEquals(oneTo(delivered.size()), delivered);
            assertTrue(delivered.size() >= published - 2, "client-" + c + " caught up: " + delivered.size());
        }
        assertEquals(2 * 2 * Time.SECOND / (double) Time.ms(20), fleet.handshakeCapacity(), 1e-9);
    }

    @Test
    void a_replay_overlaps_with_live_messages_so_a_naive_client_sees_duplicates() {
        Sim sim = new Sim(3);
        SocketFleet fleet = new SocketFleet(sim, 1).latency(dev.loadbearing.sim.engine.Distribution.constant(Time.ms(10)));
        RoomClient naive = new RoomClient() {
            @Override
            public void onConnected(Connection connection) {
                connection.subscribe("room", 0);
            }

            @Override
            public void onMessage(RoomMessage message, Connection connection) {
                connection.deliver(message);
            }

            @Override
            public long reconnectDelay(int attempt, RandomStream random) {
                return 0;
            }
        };
        fleet.addClients(1, i -> naive, i -> List.of("room"));
        for (int k = 1; k <= 10; k++) {
            sim.at(Time.ms(k), "publish", () -> fleet.publish("room", "early"));
        }
        fleet.start(0, Time.seconds(2));
        // The subscription reaches the node after about 70 ms; its replay is fetched 20 ms later.
        for (int k = 0; k < 40; k++) {
            sim.at(Time.ms(30) + k * Time.ms(5), "publish", () -> fleet.publish("room", "during"));
        }
        sim.runFor(Time.seconds(2));
        List<Long> delivered = fleet.delivered(0).get("room");
        assertEquals(50, fleet.published("room"));
        assertTrue(delivered.size() > 50, "live and replayed copies of the same messages: " + delivered);
        assertTrue(delivered.indexOf(1L) > 0, "a live message came before the replay's first: " + delivered.subList(0, 5));
    }

    @Test
    void handshakes_are_the_bottleneck_and_a_node_at_its_limit_refuses() {
        Sim sim = new Sim(4);
        SocketFleet fleet = new SocketFleet(sim, 1).handshake(Time.ms(10), 1).handshakeQueue(20).maxConnections(150);
        List<Recording> clients = new ArrayList<>();
        fleet.addClients(400, i -> { Recording c = new Recording(); clients.add(c); return c; }, i -> List.of("r"));
        fleet.start(0, Time.seconds(10));
        sim.runFor(Time.seconds(10));
        assertTrue(fleet.failedAttempts().value(0) > 250, "400 at once on 100 handshakes a second: "
                + fleet.failedAttempts().value(0));
        assertTrue(fleet.attempts().value(0) >= 400);
        long connected = LongStream.range(0, 400).filter(i -> fleet.isConnected((int) i)).count();
        assertEquals(150, connected, "the node holds 150 connections at most");
    }

    @Test
    void made_up_messages_and_rooms_the_user_is_not_in_are_refused() {
        Sim sim = new Sim(5);
        SocketFleet fleet = new SocketFleet(sim, 1);
        RoomClient forger = new RoomClient() {
            @Override
            public void onConnected(Connection connection) {
                connection.deliver(new RoomMessage("mine", 1, "hello #0", false));
                connection.subscribe("theirs", 0);
            }

            @Override
            public void onMessage(RoomMessage message, Connection connection) {
            }

            @Override
            public long reconnectDelay(int attempt, RandomStream random) {
                return -1;
            }
        };
        fleet.addClients(1, i -> forger, i -> List.of("mine"));
        fleet.start(0, Time.seconds(1));
        sim.at(Time.ms(1), "publish", () -> fleet.publish("mine", "hello"));
        SimulationException failure = assertThrows(SimulationException.class, () -> sim.runFor(Time.seconds(1)));
        assertTrue(failure.getMessage().contains("client-0 is not in theirs"), failure.getMessage());
        assertEquals(1, fleet.forgedDeliveries().size());
        assertTrue(fleet.forgedDeliveries().get(0).contains("never had"));
        assertEquals(List.of(), fleet.delivered(0).get("mine"));
    }
}
