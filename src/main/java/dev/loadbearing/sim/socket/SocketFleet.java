package dev.loadbearing.sim.socket;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.metrics.TimeSeries;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Socket gateway nodes behind a load balancer, the clients connected to them, and the rooms they
 * fan messages out to.
 *
 * <ul>
 * <li><b>Connecting</b> costs the node a TLS handshake: each node has handshake workers (a
 * {@link Server}) with a queue; an attempt that waits longer than the handshake timeout, finds the
 * queue full, or reaches a node at its connection limit fails, and the client is asked for a
 * {@linkplain RoomClient#reconnectDelay(int, RandomStream) delay} before the next one. The load
 * balancer sends each attempt to a random live node.
 * <li><b>Rooms</b>: {@link #publish(String, String)} numbers each message of a room 1, 2, 3, ...,
 * keeps it in the room's log and sends it to every live node (2 ms), which passes it to each of its
 * connections subscribed to the room. {@link Connection#subscribe(String, long)} registers at once
 * and replays the log after the given message 20 ms later, so a replay can overlap with live
 * messages and arrive after them.
 * <li><b>Links</b> are ordered: messages on one connection arrive in the order they were sent, each
 * after a one-way latency drawn from {@link #latency(Distribution)}.
 * <li><b>A node that crashes</b> drops every connection: its clients learn of it one latency later
 * (the connection is reset) and all start reconnecting at once — a reconnect storm, unless their
 * delays spread them out.
 * </ul>
 *
 * <pre>{@code
 * SocketFleet fleet = new SocketFleet(sim, 3).handshake(Time.ms(20), 2).maxConnections(2_000);
 * fleet.addClients(3_000, i -> new ChatClient(), i -> List.of("room-" + i % 30));
 * fleet.start(Time.seconds(5), Time.seconds(60));    // first connections spread over 5 s
 * sim.every(Time.ms(10), "publish", () -> fleet.publish("room-" + random.nextInt(30), "hello"));
 * fleet.crashAt(Time.seconds(20), 0);
 * sim.runFor(Time.seconds(60));
 * fleet.attempts();   // connection attempts per second: the storm
 * }</pre>
 */
public final class SocketFleet {
    private static final long HUB_LATENCY = Time.ms(2);
    private static final long HISTORY_DELAY = Time.ms(20);

    /** A gateway node. */
    final class Node {
        final int index;
        final String name;
        final Server handshakes;
        final Set<Connection> connections = new LinkedHashSet<>();
        final Map<String, Set<Connection>> byRoom = new HashMap<>();
        boolean up = true;
        long downSince = -1;

        Node(int index) {
            this.index = index;
            this.name = "gateway-" + index;
            this.handshakes = new Server(sim, name + "/tls");
        }
    }

    /** A client and what it received. */
    final class Member {
        final int index;
        final String name;
        final List<String> rooms;
        final RoomClient logic;
        final RandomStream random;
        final SocketFleet fleet = SocketFleet.this;
        final Map<String, List<Long>> delivered = new LinkedHashMap<>();
        Connection current;
        int attempt;
        long lostAt = -1;

        Member(int index, RoomClient logic, List<String> rooms) {
            this.index = index;
            this.name = "client-" + index;
            this.logic = Objects.requireNonNull(logic, "client");
            this.rooms = List.copyOf(rooms);
            this.random = sim.random("sockets/" + name);
            for (String room : this.rooms) {
                delivered.put(room, new ArrayList<>());
            }
        }

        void delivered(RoomMessage message) {
            List<String> log = message == null ? null : logs.get(message.room());
            if (message == null || log == null || !rooms.contains(message.room()) || message.seq() < 1
                    || message.seq() > log.size() || !log.get((int) message.seq() - 1).equals(message.payload())) {
                forged.add(name + " delivered " + message + ", which its rooms never had");
                return;
            }
            delivered.get(message.room()).add(message.seq());
        }
    }

    private final Sim sim;
    private final int nodeCount;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final Map<String, List<String>> logs = new HashMap<>();
    private final List<String> forged = new ArrayList<>();
    private final List<Long> reconnections = new ArrayList<>();
    /** Outages that have ended; one still going on is its node's {@code downSince}. */
    private final List<Band> outages = new ArrayList<>();
    private final RandomStream balancer;
    private final RandomStream payloads;
    private Distribution latency = Distribution.uniform(Time.ms(5), Time.ms(25));
    private long handshakeNanos = Time.ms(20);
    private int handshakeWorkers = 2;
    private int handshakeQueue = 100;
    private long handshakeTimeout = Time.seconds(1);
    private int maxConnections = Integer.MAX_VALUE;
    private TimeSeries attempts;
    private TimeSeries failures;
    private TimeSeries connected;
    private long nextRequest;
    private long nextConnection;
    private boolean started;
    private long duration;

    /**
     * Creates a fleet of gateway nodes named {@code gateway-0}, {@code gateway-1}, ...
     *
     * @param sim the simulation
     * @param gateways how many nodes, at least one
     */
    public SocketFleet(Sim sim, int gateways) {
        if (gateways < 1) {
            throw new IllegalArgumentException("a fleet needs at least one gateway");
        }
        this.sim = Objects.requireNonNull(sim, "sim");
        this.nodeCount = gateways;
        this.balancer = sim.random("sockets/balancer");
        this.payloads = sim.random("sockets/payloads");
    }

    // ------------------------------------------------------------------------- configuration

    /**
     * Sets each node's handshake capacity: {@code workers} handshakes at once, each taking about
     * {@code meanNanos} (Erlang-4 around the mean), so a node completes about
     * {@code workers / mean} handshakes per second. Default 2 workers of 20 ms: 100 per second.
     *
     * @param meanNanos the mean handshake time
     * @param workers handshakes at once
     * @return this fleet
     */
    public SocketFleet handshake(long meanNanos, int workers) {
        if (meanNanos <= 0 || workers < 1) {
            throw new IllegalArgumentException("a handshake needs a positive time and at least one worker");
        }
        this.handshakeNanos = meanNanos;
        this.handshakeWorkers = workers;
        return this;
    }

    /**
     * Sets how many handshakes may wait at a node (100 by default); more are refused at once.
     *
     * @param waiting at least zero
     * @return this fleet
     */
    public SocketFleet handshakeQueue(int waiting) {
        this.handshakeQueue = waiting;
        return this;
    }

    /**
     * Sets how long an attempt may wait for its handshake before it fails (1 s by default).
     *
     * @param nanos more than zero
     * @return this fleet
     */
    public SocketFleet handshakeTimeout(long nanos) {
        this.handshakeTimeout = nanos;
        return this;
    }

    /**
     * Sets how many connections a node holds at most (its memory); attempts beyond are refused.
     *
     * @param connections at least one
     * @return this fleet
     */
    public SocketFleet maxConnections(int connections) {
        this.maxConnections = connections;
        return this;
    }

    /**
     * Sets the one-way latency between a client and a node (5-25 ms uniform by default).
     *
     * @param oneWay nanoseconds
     * @return this fleet
     */
    public SocketFleet latency(Distribution oneWay) {
        this.latency = Objects.requireNonNull(oneWay, "latency");
        return this;
    }

    /**
     * Adds clients named {@code client-<i>}.
     *
     * @param count how many
     * @param client makes client {@code i}'s logic
     * @param rooms the rooms client {@code i}'s user is in
     * @return this fleet
     */
    public SocketFleet addClients(int count, IntFunction<RoomClient> client, IntFunction<List<String>> rooms) {
        if (started) {
            throw new IllegalStateException("add clients before starting");
        }
        for (int i = 0; i < count; i++) {
            int index = members.size();
            members.add(new Member(index, client.apply(index), rooms.apply(index)));
        }
        return this;
    }

    // ------------------------------------------------------------------------- running

    /**
     * Starts the nodes and has every client connect for the first time at a random moment in the
     * first {@code spread}; measures once a second until {@code duration}.
     *
     * @param spread how long the first connections are spread over
     * @param runFor how long the run lasts, for the measurements
     */
    public void start(long spread, long runFor) {
        if (started) {
            throw new IllegalStateException("the fleet has already started");
        }
        started = true;
        duration = runFor;
        attempts = TimeSeries.counter("connect attempts", Time.SECOND);
        failures = TimeSeries.counter("failed attempts", Time.SECOND);
        connected = TimeSeries.gauge("connected clients", Time.SECOND);
        for (int i = 0; i < nodeCount; i++) {
            Node node = new Node(i);
            node.handshakes.workers(handshakeWorkers).queueCapacity(handshakeQueue).timeout(handshakeTimeout)
                    .serviceTime(Distribution.erlang(4, handshakeNanos));
            nodes.add(node);
        }
        for (Member member : members) {
            long at = spread <= 0 ? 0 : (long) (member.random.nextDouble() * spread);
            sim.at(at, member.name + " connects", () -> attempt(member));
        }
        for (long t = Time.SECOND; t <= runFor; t += Time.SECOND) {
            sim.at(t - 1, "the fleet counts connected clients", () -> connected.add(sim.now(), connectedNow()));
        }
    }

    /**
     * Publishes a message to a room: numbered after the room's last one, kept in its log and sent
     * to every live node.
     *
     * @param room the room
     * @param payload the message; the fleet appends a unique tag, so a client cannot make one up
     * @return the message's number in the room
     */
    public long publish(String room, String payload) {
        List<String> log = logs.computeIfAbsent(room, r -> new ArrayList<>());
        String tagged = payload + " #" + Long.toHexString(payloads.nextLong());
        log.add(tagged);
        long seq = log.size();
        RoomMessage message = new RoomMessage(room, seq, tagged, false);
        for (Node node : nodes) {
            if (node.up) {
                sim.after(HUB_LATENCY, "a gateway fans a message out", () -> fanOut(node, message));
            }
        }
        return seq;
    }

    /**
     * Crashes a node at a given time: its connections drop and its handshakes in progress fail.
     *
     * @param time nanoseconds since the start
     * @param gateway the node's index
     */
    public void crashAt(long time, int gateway) {
        sim.at(time, "gateway-" + gateway + " crashes", () -> crash(nodes.get(gateway)));
    }

    /**
     * Restarts a crashed node at a given time, empty.
     *
     * @param time nanoseconds since the start
     * @param gateway the node's index
     */
    public void restartAt(long time, int gateway) {
        sim.at(time, "gateway-" + gateway + " restarts", () -> restart(nodes.get(gateway)));
    }

    private void crash(Node node) {
        if (!node.up) {
            return;
        }
        node.up = false;
        node.handshakes.crash();
        node.downSince = sim.now();
        for (Connection connection : node.connections) {
            connection.open = false;
            Member member = connection.client;
            sim.after(latency.sampleNanos(member.random), "a client sees its connection reset",
                    () -> lost(member, connection));
        }
        node.connections.clear();
        node.byRoom.clear();
    }

    private void restart(Node node) {
        if (node.up) {
            return;
        }
        node.up = true;
        node.handshakes.restart();
        outages.add(new Band(Time.toSeconds(node.downSince), Time.toSeconds(sim.now()), node.name + " down"));
        node.downSince = -1;
    }

    private void lost(Member member, Connection connection) {
        if (member.current != connection) {
            return;
        }
        member.current = null;
        member.lostAt = sim.now();
        member.attempt = 0;
        retry(member);
    }

    private void retry(Member member) {
        member.attempt++;
        long delay = member.logic.reconnectDelay(member.attempt, member.random);
        if (delay < 0) {
            throw new IllegalArgumentException("reconnectDelay(" + member.attempt + ", random) returned " + delay
                    + " ns: a delay cannot be negative");
        }
        sim.after(delay, "a client tries to connect", () -> attempt(member));
    }

    private void attempt(Member member) {
        attempts.add(sim.now(), 1);
        List<Node> live = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            if (node.up) {
                live.add(node);
            }
        }
        long out = latency.sampleNanos(member.random);
        if (live.isEmpty()) {
            sim.after(2 * out, "a client finds no gateway", () -> failed(member));
            return;
        }
        Node node = live.get(balancer.nextInt(live.size()));
        sim.after(out, "a client reaches a gateway", () -> handshake(member, node));
    }

    private void handshake(Member member, Node node) {
        if (!node.up || node.connections.size() >= maxConnections) {
            back(member, "a client is refused", () -> failed(member));
            return;
        }
        Request request = new Request(nextRequest++, Client.numbered(member.index), 0, sim.now());
        request.onComplete(done -> handshook(member, node, done));
        node.handshakes.submit(request);
    }

    private void handshook(Member member, Node node, Request request) {
        if (request.outcome() != Outcome.OK || !node.up || node.connections.size() >= maxConnections) {
            back(member, "a client fails to connect", () -> failed(member));
            return;
        }
        Connection connection = new Connection(member, node, nextConnection++);
        node.connections.add(connection);
        back(member, "a client connects", () -> opened(member, connection));
    }

    private void back(Member member, String what, Runnable then) {
        sim.after(latency.sampleNanos(member.random), what, then);
    }

    private void failed(Member member) {
        failures.add(sim.now(), 1);
        retry(member);
    }

    private void opened(Member member, Connection connection) {
        if (!connection.open) {
            retry(member);
            return;
        }
        connection.lastArrival = sim.now();
        member.current = connection;
        member.attempt = 0;
        if (member.lostAt >= 0) {
            reconnections.add(sim.now() - member.lostAt);
            member.lostAt = -1;
        }
        member.logic.onConnected(connection);
    }

    void subscribe(Connection connection, String room, long afterSeq) {
        Member member = connection.client;
        if (!member.rooms.contains(room)) {
            throw new IllegalArgumentException(member.name + " is not in " + room + "; its rooms are " + member.rooms);
        }
        if (afterSeq < Connection.LIVE) {
            throw new IllegalArgumentException("subscribe after message " + afterSeq
                    + ": use 0 for the whole history or Connection.LIVE for none");
        }
        Node node = connection.node;
        sim.after(latency.sampleNanos(member.random), "a subscription reaches a gateway", () -> {
            if (!connection.open) {
                return;
            }
            node.byRoom.computeIfAbsent(room, r -> new LinkedHashSet<>()).add(connection);
            if (afterSeq != Connection.LIVE) {
                sim.after(HISTORY_DELAY, "a gateway replays a room's history",
                        () -> replay(connection, room, afterSeq));
            }
        });
    }

    private void replay(Connection connection, String room, long afterSeq) {
        List<String> log = logs.getOrDefault(room, List.of());
        for (long seq = afterSeq + 1; seq <= log.size() && connection.open; seq++) {
            send(connection, new RoomMessage(room, seq, log.get((int) seq - 1), true));
        }
    }

    private void fanOut(Node node, RoomMessage message) {
        if (!node.up) {
            return;
        }
        Set<Connection> subscribers = node.byRoom.get(message.room());
        if (subscribers != null) {
            for (Connection connection : subscribers) {
                send(connection, message);
            }
        }
    }

    /** A message on its way down one connection. */
    private record InFlight(Connection connection, RoomMessage message) {
    }

    private final dev.loadbearing.sim.engine.Action<InFlight> arrive = this::arrive;

    private void send(Connection connection, RoomMessage message) {
        long at = Math.max(sim.now() + latency.sampleNanos(connection.client.random), connection.lastArrival);
        connection.lastArrival = at;
        sim.schedule(at, "a message reaches a client", arrive, new InFlight(connection, message));
    }

    private void arrive(InFlight delivery) {
        Connection connection = delivery.connection();
        if (connection.open) {
            connection.client.logic.onMessage(delivery.message(), connection);
        }
    }

    private int connectedNow() {
        int count = 0;
        for (Member member : members) {
            if (member.current != null) {
                count++;
            }
        }
        return count;
    }

    // ------------------------------------------------------------------------- results

    /**
     * Returns the numbers of the messages client {@code i} delivered, per room, in delivery order.
     *
     * @param client the client's index
     * @return room to message numbers
     */
    public Map<String, List<Long>> delivered(int client) {
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        members.get(client).delivered.forEach((room, seqs) -> copy.put(room, List.copyOf(seqs)));
        return copy;
    }

    /**
     * Returns how many messages a room has had.
     *
     * @param room the room
     * @return its last message's number, 0 if none
     */
    public long published(String room) {
        return logs.getOrDefault(room, List.of()).size();
    }

    /**
     * Returns how many clients there are.
     *
     * @return clients
     */
    public int clients() {
        return members.size();
    }

    /**
     * Returns the rooms of client {@code i}.
     *
     * @param client the client's index
     * @return room names
     */
    public List<String> rooms(int client) {
        return members.get(client).rooms;
    }

    /**
     * Returns whether client {@code i} has an open connection now.
     *
     * @param client the client's index
     * @return {@code true} when connected
     */
    public boolean isConnected(int client) {
        return members.get(client).current != null;
    }

    /**
     * Returns each deliver() call that handed over a message the rooms never had.
     *
     * @return descriptions, empty when every delivered message was real
     */
    public List<String> forgedDeliveries() {
        return List.copyOf(forged);
    }

    /**
     * Returns, for every lost connection that has been replaced, how long the client went
     * without one.
     *
     * @return nanoseconds, in the order the reconnections happened
     */
    public List<Long> reconnectionTimes() {
        return List.copyOf(reconnections);
    }

    /**
     * Returns the clients that lost a connection and have not reconnected.
     *
     * @return how many are still disconnected after having been connected
     */
    public int stillDisconnected() {
        int count = 0;
        for (Member member : members) {
            if (member.lostAt >= 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * Returns connection attempts per second.
     *
     * @return a counter with one-second buckets
     */
    public TimeSeries attempts() {
        return attempts;
    }

    /**
     * Returns failed connection attempts per second (refused, timed out, or to a dead node).
     *
     * @return a counter with one-second buckets
     */
    public TimeSeries failedAttempts() {
        return failures;
    }

    /**
     * Returns the clients with an open connection, sampled once a second.
     *
     * @return a gauge with one-second buckets
     */
    public TimeSeries connected() {
        return connected;
    }

    /**
     * Returns what the live nodes can handshake per second at most.
     *
     * @return handshakes per second
     */
    public double handshakeCapacity() {
        long up = nodes.stream().filter(node -> node.up).count();
        return up * handshakeWorkers * Time.SECOND / (double) handshakeNanos;
    }

    /**
     * Draws connection attempts and failures per second against what the nodes that survive
     * can handshake, with each node's outage as a band.
     *
     * @param title the chart's title
     * @return the chart
     */
    public TimeSeriesChart attemptsChart(String title) {
        int buckets = (int) (duration / Time.SECOND);
        TimeSeriesChart.Series capacity = attempts.toSeries(buckets);
        List<Double> flat = new ArrayList<>();
        for (int i = 0; i < capacity.seconds().size(); i++) {
            flat.add(handshakeCapacity());
        }
        return new TimeSeriesChart(title, "per second", List.of(attempts.toSeries(buckets), failures.toSeries(buckets),
                new TimeSeriesChart.Series("handshake capacity left", capacity.seconds(), flat)), bands());
    }

    /**
     * Draws the connected clients over time, with each node's outage as a band.
     *
     * @param title the chart's title
     * @return the chart
     */
    public TimeSeriesChart connectedChart(String title) {
        return new TimeSeriesChart(title, "clients", List.of(connected.toSeries((int) (duration / Time.SECOND))), bands());
    }

    /** Each node's outages, those still going on ending with the run. */
    private List<Band> bands() {
        List<Band> bands = new ArrayList<>(outages);
        for (Node node : nodes) {
            if (node.downSince >= 0) {
                bands.add(new Band(Time.toSeconds(node.downSince), Time.toSeconds(duration), node.name + " down"));
            }
        }
        return bands;
    }
}
