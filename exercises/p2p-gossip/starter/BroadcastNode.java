import dev.loadbearing.sim.node.Node;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A node of the broadcast system (read-only). Clients hand values to nodes; every value must
 * reach every node. A node learns a value in one of two ways:
 *
 * <ul>
 *   <li>a client hands it over: {@link #onBroadcast(int)} runs, and the value is already
 *       delivered here;</li>
 *   <li>another node tells it: your {@link #onPeerMessage(String, Object)} reads the value from
 *       your own message and calls {@link #deliver(int)}.</li>
 * </ul>
 *
 * Values travel only in messages: a node knows what it was told, nothing else.
 */
public abstract class BroadcastNode extends Node {
    private final Set<Integer> values = new LinkedHashSet<>();
    private BiConsumer<String, Integer> deliveries;

    /**
     * A client handed this node a value it has not broadcast before. The value is already in
     * {@link #values()}; make sure every other node gets it.
     *
     * @param value the value
     */
    protected abstract void onBroadcast(int value);

    /**
     * A message from another node: one of your own records.
     *
     * @param from the sender's id
     * @param message what it sent
     */
    protected abstract void onPeerMessage(String from, Object message);

    @Override
    protected final void onMessage(String from, Object message) {
        onPeerMessage(from, message);
    }

    /**
     * Records that this node now has a value another node told it about.
     *
     * @param value the value
     * @return true if it was new here, false if the node already had it
     */
    protected final boolean deliver(int value) {
        if (!values.add(value)) {
            return false;
        }
        if (deliveries != null) {
            deliveries.accept(id(), value);
        }
        return true;
    }

    /**
     * Says whether this node has a value.
     *
     * @param value the value
     * @return true once it is delivered here
     */
    protected final boolean has(int value) {
        return values.contains(value);
    }

    /**
     * Returns every value this node has, in the order it got them.
     *
     * @return a read-only view
     */
    protected final Set<Integer> values() {
        return Collections.unmodifiableSet(values);
    }

    /**
     * The tests watch deliveries here (once, before the node starts).
     *
     * @param watcher told the node's id and the value at each new delivery
     */
    public final void watchDeliveries(BiConsumer<String, Integer> watcher) {
        if (deliveries == null) {
            deliveries = watcher;
        }
    }

    /**
     * A client hands this node a value (the tests call it).
     *
     * @param value the value
     */
    public final void clientBroadcast(int value) {
        if (deliver(value)) {
            onBroadcast(value);
        }
    }
}
