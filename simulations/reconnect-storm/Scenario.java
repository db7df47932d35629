import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.socket.Connection;
import dev.loadbearing.sim.socket.RoomClient;
import dev.loadbearing.sim.socket.RoomMessage;
import dev.loadbearing.sim.socket.SocketFleet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Three socket gateways of 100 handshakes a second each; gateway-0 crashes at 15 s and its
 * clients reconnect to the other two by the chosen policy.
 */
public final class Scenario implements LiveScenario {
    private static final long RUN = Time.seconds(60);
    private static final long CRASH = Time.seconds(15);

    @Override
    public LiveRun run(LiveParameters p) {
        String policy = p.choice("policy");
        long base = Math.round(p.number("base") * Time.SECOND);
        long cap = Time.seconds(p.integer("cap"));
        int perGateway = p.integer("clients");
        Sim sim = new Sim(p.seed());
        SocketFleet fleet = new SocketFleet(sim, 3).handshake(Time.ms(20), 2).handshakeQueue(50)
                .handshakeTimeout(Time.SECOND).maxConnections(3 * perGateway);
        fleet.addClients(3 * perGateway, i -> client(policy, base, cap), i -> List.of("lobby"));
        fleet.start(Time.seconds(Math.max(5, 3 * perGateway / 150.0)), RUN);
        fleet.crashAt(CRASH, 0);
        sim.runFor(RUN);

        double peak = 0;
        int at = 0;
        for (int s = (int) (CRASH / Time.SECOND); s < fleet.attempts().size(); s++) {
            if (fleet.attempts().value(s) > peak) {
                peak = fleet.attempts().value(s);
                at = s;
            }
        }
        List<Long> times = new ArrayList<>(fleet.reconnectionTimes());
        Collections.sort(times);
        String back = times.isEmpty() ? "nobody reconnected"
                : String.format(Locale.ROOT, "half were back within %.1f s and 99%% within %.1f s",
                        Time.toSeconds(times.get(times.size() / 2)),
                        Time.toSeconds(times.get((int) Math.floor(0.99 * (times.size() - 1)))));
        String summary = String.format(Locale.ROOT,
                "gateway-0 crashed at 15 s with about %d clients. The busiest second after it had %.0f connection "
                        + "attempts (from %d s), %.1fx the 200 handshakes a second the other two gateways can do; %s%s.",
                perGateway, peak, at, peak / 200, back,
                fleet.stillDisconnected() > 0 ? ", and " + fleet.stillDisconnected() + " were still disconnected at the end" : "");
        return new LiveRun(summary, List.of(fleet.attemptsChart("Connection attempts per second (seed " + p.seed() + ")"),
                fleet.connectedChart("Connected clients")));
    }

    private static RoomClient client(String policy, long base, long cap) {
        return new RoomClient() {
            @Override
            public void onConnected(Connection connection) {
            }

            @Override
            public void onMessage(RoomMessage message, Connection connection) {
            }

            @Override
            public long reconnectDelay(int attempt, RandomStream random) {
                long ceiling = Math.min(cap, base << Math.min(attempt - 1, 20));
                return switch (policy) {
                    case "immediate" -> 0;
                    case "fixed" -> base;
                    case "exponential" -> ceiling;
                    default -> (long) (random.nextDouble() * Math.min(cap, base << Math.min(attempt, 20)));
                };
            }
        };
    }
}
