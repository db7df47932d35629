import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.socket.Connection;
import dev.loadbearing.sim.socket.RoomClient;
import dev.loadbearing.sim.socket.RoomMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per room, the number of the last message shown: a reconnect subscribes after it, anything at or
 * below it is a duplicate, and anything beyond the next one waits until the gap is filled.
 * Reconnects wait a random time between zero and a ceiling that doubles with each failure, from
 * 4 s up to 16 s (exponential backoff with full jitter): a whole node's clients lose their
 * connections at once, so even the first try must be spread over seconds.
 */
public final class RoomApp implements RoomClient {
    private static final long BASE = Time.seconds(2);
    private static final long CAP = Time.seconds(16);

    private final Map<String, Long> shown = new HashMap<>();
    private final Map<String, TreeMap<Long, RoomMessage>> early = new HashMap<>();

    @Override
    public void onConnected(Connection connection) {
        for (String room : connection.rooms()) {
            connection.subscribe(room, shown.getOrDefault(room, 0L));
        }
    }

    @Override
    public void onMessage(RoomMessage message, Connection connection) {
        String room = message.room();
        long last = shown.getOrDefault(room, 0L);
        if (message.seq() <= last) {
            return;  // seen already
        }
        TreeMap<Long, RoomMessage> waiting = early.computeIfAbsent(room, r -> new TreeMap<>());
        waiting.put(message.seq(), message);
        while (!waiting.isEmpty() && waiting.firstKey() <= last + 1) {
            RoomMessage next = waiting.pollFirstEntry().getValue();
            if (next.seq() == last + 1) {
                connection.deliver(next);
                last = next.seq();
            }
        }
        shown.put(room, last);
    }

    @Override
    public long reconnectDelay(int attempt, RandomStream random) {
        long ceiling = Math.min(CAP, BASE << Math.min(attempt, 10));
        return (long) (random.nextDouble() * ceiling);
    }
}
