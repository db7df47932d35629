import dev.loadbearing.sim.node.Node;

/**
 * One replica of a like counter that must stay available on both sides of a partition: every
 * node answers every Add and Get at once, from what it knows, and the nodes exchange what they
 * know in the background so that after the network heals they all agree on the exact total.
 *
 * Clients send two messages, defined in the read-only file Counter.java:
 *   Counter.Add(long id, int amount)  answer with  send(from, new Counter.Added(id))
 *   Counter.Get(long id)              answer with  send(from, new Counter.Value(id, value))
 *
 * {@code peers()} lists the other nodes; {@code setTimer(delay, timer)} wakes {@code onTimer}.
 * Messages between nodes are your own records; the network may lose, duplicate and reorder them.
 */
public final class CounterNode extends Node {
    private long total;

    @Override
    protected void onMessage(String from, Object message) {
        if (message instanceof Counter.Add add) {
            total += add.amount();
            send(from, new Counter.Added(add.id()));
        } else if (message instanceof Counter.Get get) {
            // Available, but this node only ever knows its own clients' likes.
            send(from, new Counter.Value(get.id(), total));
        }
    }
}
