import dev.loadbearing.sim.node.KvClient;
import dev.loadbearing.sim.node.Node;
import java.util.HashMap;
import java.util.Map;

/**
 * One replica of a key-value register kept on every node of the cluster. Any node can take a
 * client's get or put; it must coordinate the operation with a quorum of replicas (itself
 * included): {@code readQuorum} replicas to learn the newest value, {@code writeQuorum} replicas
 * to store one. The tests always choose writeQuorum + readQuorum > nodes.
 *
 * Answer a client with {@code send(client, request.ok(value))} (the value read, for a get) or
 * {@code send(client, request.fail())} when the operation certainly had no effect. Messages
 * between nodes are your own records; {@code peers()} lists the other nodes.
 */
public final class QuorumRegister extends Node {
    private final int writeQuorum;
    private final int readQuorum;
    private final Map<String, String> data = new HashMap<>();

    public QuorumRegister(int writeQuorum, int readQuorum) {
        this.writeQuorum = writeQuorum;
        this.readQuorum = readQuorum;
    }

    @Override
    protected void onMessage(String from, Object message) {
        if (message instanceof KvClient.Request request) {
            // Always available, never consistent: each node answers from its own copy and tells
            // nobody else. Replace this with quorum reads and writes.
            if (request.op().equals("get")) {
                send(from, request.ok(data.getOrDefault(request.key(), "")));
            } else {
                data.put(request.key(), request.value());
                send(from, request.ok(null));
            }
        }
    }
}
