import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.metrics.TimeSeries;
import dev.loadbearing.sim.socket.RoomClient;
import dev.loadbearing.sim.socket.SocketFleet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A chat service on socket gateways: clients spread over the nodes, each in a room or two, and
 * messages published to the rooms all along. A node crashes: every client it held loses its
 * connection at the same moment and reconnects to the others, whose TLS handshakes are the
 * bottleneck (each node completes 100 to 200 a second and queues half a second's worth more; an
 * attempt that finds the queue full or waits over a second fails). Publishing stops 8 s before the end, so every client can catch up.
 */
final class Storm {
    static final double PEAK_FACTOR = 2.0;
    static final double P99_RECONNECT_S = 20;
    static final long QUIET = Time.seconds(8);

    /** What a run is given. */
    record Setup(String name, long seed, int gateways, int clients, int rooms, double publishesPerSecond,
            long crashAt, int crashed, long secondCrashAt, long handshakeMs, long duration, long outageUntil) {
        static Setup visible(long seed) {
            return new Setup("gateway-0 of 3 crashes", seed, 3, 2_000, 25, 25, Time.seconds(20), 0, -1, 15,
                    Time.seconds(60), -1);
        }

        /** Every gateway goes down at 20 s (a bad deploy) and comes back at 35 s. */
        static Setup outage(long seed) {
            return new Setup("every gateway is down from 20 s to 35 s", seed, 3, 2_000, 25, 25, Time.seconds(20), 0,
                    -1, 15, Time.seconds(70), Time.seconds(35));
        }

        boolean everyone() {
            return outageUntil >= 0;
        }

        /** 3 to 5 gateways, 2,000 to 4,000 clients, a random node crashing at a random time, sometimes a second. */
        static Setup random(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int gateways = 3 + random.nextInt(3);
            boolean second = gateways >= 4 && random.nextBoolean();
            long crashAt = Time.seconds(15 + random.nextInt(16));
            return new Setup("a random fleet", seed, gateways, 1_500 + random.nextInt(1_501), 15 + random.nextInt(21),
                    15 + random.nextInt(21), crashAt, random.nextInt(gateways),
                    second ? crashAt + Time.seconds(10 + random.nextInt(10)) : -1, 10 + random.nextInt(11),
                    Time.seconds(75), -1);
        }

        @Override
        public String toString() {
            if (everyone()) {
                return String.format(Locale.ROOT, "%s (seed %d: %d clients on %d gateways)", name, seed, clients, gateways);
            }
            return String.format(Locale.ROOT, "%s (seed %d: %d clients on %d gateways, gateway-%d crashes at %.0f s%s)",
                    name, seed, clients, gateways, crashed, Time.toSeconds(crashAt),
                    secondCrashAt < 0 ? "" : String.format(Locale.ROOT, ", another at %.0f s", Time.toSeconds(secondCrashAt)));
        }
    }

    private static final Map<String, Storm> RUNS = new HashMap<>();

    /** The run of a setup, made once and shared by the tests that check it. */
    static Storm of(Setup setup, Supplier<RoomClient> client) {
        return RUNS.computeIfAbsent(setup.toString(), key -> new Storm(setup, client));
    }

    final Setup setup;
    final SocketFleet fleet;
    private double capacityAfterCrash;

    Storm(Setup setup, Supplier<RoomClient> client) {
        this.setup = setup;
        Sim sim = new Sim(setup.seed);
        double perNode = 2 * 1000.0 / setup.handshakeMs;
        fleet = new SocketFleet(sim, setup.gateways)
                .handshake(Time.ms(setup.handshakeMs), 2)
                .handshakeQueue((int) Math.ceil(perNode / 2))   // half a second of handshakes
                .handshakeTimeout(Time.seconds(1))
                .maxConnections(2 * setup.clients / (setup.gateways - 1));
        int rooms = setup.rooms;
        fleet.addClients(setup.clients, i -> client.get(),
                i -> i % 7 == 0 ? List.of(room(i % rooms), room((i + 1) % rooms)) : List.of(room(i % rooms)));
        // the first connections come over long enough for the fleet to take them at half its capacity
        fleet.start(Time.seconds(Math.max(10, 2 * setup.clients / (perNode * setup.gateways))), setup.duration);
        RandomStream publisher = sim.random("publisher");
        long gap = Math.round(Time.SECOND / setup.publishesPerSecond);
        long stop = setup.duration - QUIET;
        for (long t = gap; t < stop; t += gap) {
            sim.at(t, "a message is published", () -> fleet.publish(room(publisher.nextInt(rooms)), "hello"));
        }
        if (setup.everyone()) {
            for (int g = 0; g < setup.gateways; g++) {
                fleet.crashAt(setup.crashAt, g);
                fleet.restartAt(setup.outageUntil, g);
            }
        } else {
            fleet.crashAt(setup.crashAt, setup.crashed);
        }
        int second = (setup.crashed + 1) % setup.gateways;
        if (setup.secondCrashAt >= 0) {
            fleet.crashAt(setup.secondCrashAt, second);
        }
        long noted = setup.everyone() ? setup.outageUntil + 1 : setup.crashAt + 1;
        sim.at(noted, "capacity is noted", () -> capacityAfterCrash = fleet.handshakeCapacity());
        sim.runFor(setup.duration);
    }

    static String room(int i) {
        return "room-" + i;
    }

    // ------------------------------------------------------------------------- checks

    /** Every client shows every message of its rooms exactly once, in order, and nothing made up. */
    void assertOrder() {
        if (!fleet.forgedDeliveries().isEmpty()) {
            fail(fleet.forgedDeliveries().get(0) + ": deliver() only messages that arrived");
        }
        int problems = 0;
        String first = null;
        for (int c = 0; c < fleet.clients(); c++) {
            for (Map.Entry<String, List<Long>> entry : fleet.delivered(c).entrySet()) {
                String problem = problem(entry.getValue(), fleet.published(entry.getKey()));
                if (problem != null) {
                    problems++;
                    if (first == null) {
                        first = "client-" + c + " in " + entry.getKey() + " " + problem;
                    }
                }
            }
        }
        if (first != null) {
            fail(String.format(Locale.ROOT, "%d of the clients' rooms were shown wrongly; the first: %s", problems, first));
        }
    }

    /** What is wrong with one room's deliveries, or null. */
    private static String problem(List<Long> seqs, long published) {
        long expected = 1;
        for (int k = 0; k < seqs.size(); k++) {
            long seq = seqs.get(k);
            if (seq == expected) {
                expected++;
                continue;
            }
            String before = k == 0 ? "as its first message" : "right after #" + seqs.get(k - 1);
            if (seq < expected) {
                return String.format(Locale.ROOT, "showed #%d %s: a duplicate (#%d was shown already). A replay after "
                        + "a reconnect overlaps with live messages: remember the last message shown per room and skip "
                        + "anything at or below it", seq, before, seq);
            }
            return String.format(Locale.ROOT, "showed #%d %s: #%d is missing or came later. Messages from a replay "
                    + "can arrive after live ones: keep early messages until the one before them has been shown, and "
                    + "subscribe after the last message you showed, not from now (Connection.LIVE) or from the start",
                    seq, before, expected);
        }
        if (expected - 1 < published) {
            return String.format(Locale.ROOT, "showed %d of the room's %d messages and never the rest: after a "
                    + "reconnect, subscribe with the last message you showed, so the gateway replays what was missed",
                    expected - 1, published);
        }
        return null;
    }

    /** The busiest second of connection attempts after the crash stays within twice what the survivors can handshake. */
    void assertNoStorm() {
        TimeSeries attempts = fleet.attempts();
        // In a full outage, every client has failed for 10 s before it is judged: by then it must back off.
        int from = (int) ((setup.everyone() ? setup.crashAt + Time.seconds(10) : setup.crashAt) / Time.SECOND);
        double peak = 0;
        int at = from;
        for (int s = from; s < attempts.size(); s++) {
            if (attempts.value(s) > peak) {
                peak = attempts.value(s);
                at = s;
            }
        }
        double limit = PEAK_FACTOR * capacityAfterCrash;
        if (peak > limit) {
            fail(String.format(Locale.ROOT, "%.0f connection attempts in the second from %d s, %.1fx what the gateways "
                    + "%scan handshake (%.0f a second; at most %.0fx allowed): a reconnect storm. %s", peak, at,
                    peak / capacityAfterCrash, setup.everyone() ? "" : "left ", capacityAfterCrash, PEAK_FACTOR,
                    setup.everyone() ? outageAdvice() : stormAdvice()));
        }
    }

    private String stormAdvice() {
        return "Every client of the dead node learns of it in the same few milliseconds, so a fixed delay, "
                + "even a long one, makes them all try again together; and a failed attempt retried at once fails "
                + "again. Wait longer after each failure (exponential backoff) and pick each wait at random between "
                + "zero and that ceiling (full jitter)";
    }

    private String outageAdvice() {
        return "While nothing answers, every failed attempt should make the next wait longer (exponential backoff): "
                + "a client that keeps retrying every few seconds keeps the gateways flooded while they start";
    }

    /** Everyone who lost a connection is back, 99% of them within 20 s (of the gateways' return, after an outage). */
    void assertRecovery() {
        try {
            assertNoStorm();
        } catch (AssertionError storm) {
            fail("a recovery that tramples the gateways does not count (see the storm test): reconnect with backoff "
                    + "and jitter first");
        }
        int stuck = fleet.stillDisconnected();
        if (stuck > 0) {
            fail(String.format(Locale.ROOT, "%d clients that lost their connection were still without one at the end "
                    + "(%.0f s after the crash): cap the backoff, at 10-30 s, so no client waits for ever", stuck,
                    Time.toSeconds(setup.duration - setup.crashAt)));
        }
        List<Long> times = new ArrayList<>(fleet.reconnectionTimes());
        Collections.sort(times);
        if (times.isEmpty()) {
            return;
        }
        long down = setup.everyone() ? setup.outageUntil - setup.crashAt : 0;
        double p99 = Time.toSeconds(times.get((int) Math.min(times.size() - 1, Math.floor(0.99 * times.size()))) - down);
        if (p99 > P99_RECONNECT_S) {
            fail(String.format(Locale.ROOT, "99%% of the clients that lost their connection were back within %.1f s%s "
                    + "(at most %.0f s allowed): the waits grow too long. The gateways left can take about %.0f "
                    + "handshakes a second, so %d clients need only about %.0f s; cap the backoff lower or grow it "
                    + "more gently", p99, setup.everyone() ? " of the gateways' return" : "", P99_RECONNECT_S, capacityAfterCrash, times.size(),
                    times.size() / capacityAfterCrash));
        }
    }

    private void fail(String message) {
        throw new AssertionError(setup + ": " + message);
    }

    void attachFigures() {
        Figures.attach(fleet.attemptsChart("Connection attempts per second, " + setup),
                fleet.connectedChart("Connected clients"));
    }
}
