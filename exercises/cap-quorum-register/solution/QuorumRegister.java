import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.node.KvClient;
import dev.loadbearing.sim.node.Node;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One replica of a key-value register kept on every node of the cluster. Any node can take a
 * client's get or put; it coordinates the operation with a quorum of replicas (itself included):
 * {@code readQuorum} replicas to learn the newest value, {@code writeQuorum} replicas to store one.
 * The tests always choose writeQuorum + readQuorum > nodes.
 *
 * This is the ABD algorithm: every operation has a query phase (ask, take the highest timestamp
 * among readQuorum answers) and a store phase (store a value with its timestamp on writeQuorum
 * replicas). A write stores a new value with a higher timestamp; a read stores back the value it
 * found, so that no later read can see an older one.
 */
public final class QuorumRegister extends Node {
    /** How long a coordinator waits for its query quorum before telling the client no. */
    private static final long QUERY_PATIENCE = Time.ms(150);

    /**
     * A value and the timestamp that orders it: a counter, ties broken by the writing operation's
     * name (node id and operation number, since one node may coordinate two writes at once).
     */
    record Stamped(long counter, String writer, String value) {
        boolean newerThan(Stamped other) {
            return counter != other.counter ? counter > other.counter : writer.compareTo(other.writer) > 0;
        }
    }

    record Query(long op, String key) {
    }

    record QueryReply(long op, Stamped current) {
    }

    record Store(long op, String key, Stamped value) {
    }

    record StoreAck(long op) {
    }

    record GiveUp(long op) {
    }

    /** An operation this node coordinates. */
    private static final class Pending {
        final String client;
        final KvClient.Request request;
        final Set<String> answered = new HashSet<>();
        Stamped newest;
        Stamped storing;
        long timer;

        Pending(String client, KvClient.Request request) {
            this.client = client;
            this.request = request;
        }
    }

    private static final Stamped EMPTY = new Stamped(0, "", "");

    private final int writeQuorum;
    private final int readQuorum;
    private final Map<String, Stamped> data = new HashMap<>();
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private long nextOp = 1;

    public QuorumRegister(int writeQuorum, int readQuorum) {
        this.writeQuorum = writeQuorum;
        this.readQuorum = readQuorum;
    }

    @Override
    protected void onMessage(String from, Object message) {
        if (message instanceof KvClient.Request request) {
            begin(from, request);
        } else if (message instanceof Query query) {
            send(from, new QueryReply(query.op(), data.getOrDefault(query.key(), EMPTY)));
        } else if (message instanceof QueryReply reply) {
            queried(from, reply);
        } else if (message instanceof Store store) {
            keep(store.key(), store.value());
            send(from, new StoreAck(store.op()));
        } else if (message instanceof StoreAck ack) {
            stored(from, ack.op());
        }
    }

    @Override
    protected void onTimer(Object timer) {
        if (timer instanceof GiveUp giveUp) {
            Pending p = pending.get(giveUp.op());
            if (p != null && p.storing == null) {
                // Nothing was stored anywhere yet, so "no" is the truth: the operation had no effect.
                pending.remove(giveUp.op());
                send(p.client, p.request.fail());
            }
        }
    }

    private void begin(String client, KvClient.Request request) {
        long op = nextOp++;
        Pending p = new Pending(client, request);
        pending.put(op, p);
        p.newest = data.getOrDefault(request.key(), EMPTY);
        p.answered.add(id());
        p.timer = setTimer(QUERY_PATIENCE, new GiveUp(op));
        for (String peer : peers()) {
            send(peer, new Query(op, request.key()));
        }
        if (p.answered.size() >= readQuorum) {
            startStore(op, p);
        }
    }

    private void queried(String from, QueryReply reply) {
        Pending p = pending.get(reply.op());
        if (p == null || p.storing != null || !p.answered.add(from)) {
            return;                                   // late, already storing, or a duplicate
        }
        if (reply.current().newerThan(p.newest)) {
            p.newest = reply.current();
        }
        if (p.answered.size() >= readQuorum) {
            startStore(reply.op(), p);
        }
    }

    private void startStore(long op, Pending p) {
        cancelTimer(p.timer);
        KvClient.Request request = p.request;
        p.storing = request.op().equals("get") ? p.newest
                : new Stamped(p.newest.counter() + 1, id() + "#" + op, request.value());
        p.answered.clear();
        keep(request.key(), p.storing);
        p.answered.add(id());
        for (String peer : peers()) {
            send(peer, new Store(op, request.key(), p.storing));
        }
        if (p.answered.size() >= writeQuorum) {
            finish(op, p);
        }
    }

    private void stored(String from, long op) {
        Pending p = pending.get(op);
        if (p == null || p.storing == null || !p.answered.add(from)) {
            return;
        }
        if (p.answered.size() >= writeQuorum) {
            finish(op, p);
        }
    }

    private void finish(long op, Pending p) {
        pending.remove(op);
        send(p.client, p.request.ok(p.storing.value()));
    }

    private void keep(String key, Stamped value) {
        if (value.newerThan(data.getOrDefault(key, EMPTY))) {
            data.put(key, value);
        }
    }
}
