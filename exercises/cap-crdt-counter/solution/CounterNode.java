import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.node.Node;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A G-counter: each node counts the likes it took in its own entry, the value is the sum of the
 * entries, and nodes gossip their whole map to every peer every 50 ms. Merging takes the larger
 * count entry by entry, so a lost, repeated or reordered gossip message changes nothing.
 */
public final class CounterNode extends Node {
    private static final long GOSSIP_EVERY = Time.ms(50);

    /** A node's view of every node's count. */
    record Counts(Map<String, Long> byNode) {
    }

    private final TreeMap<String, Long> counts = new TreeMap<>();

    @Override
    protected void onStart() {
        setTimer(GOSSIP_EVERY, "gossip");
    }

    @Override
    protected void onMessage(String from, Object message) {
        if (message instanceof Counter.Add add) {
            counts.merge(id(), (long) add.amount(), Long::sum);
            send(from, new Counter.Added(add.id()));
        } else if (message instanceof Counter.Get get) {
            send(from, new Counter.Value(get.id(), value()));
        } else if (message instanceof Counts theirs) {
            theirs.byNode().forEach((node, count) -> counts.merge(node, count, Math::max));
        }
    }

    @Override
    protected void onTimer(Object timer) {
        Counts mine = new Counts(Collections.unmodifiableMap(new TreeMap<>(counts)));
        for (String peer : peers()) {
            send(peer, mine);
        }
        setTimer(GOSSIP_EVERY, "gossip");
    }

    private long value() {
        long sum = 0;
        for (long count : counts.values()) {
            sum += count;
        }
        return sum;
    }
}
