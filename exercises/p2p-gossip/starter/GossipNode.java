import dev.loadbearing.sim.engine.Time;

/**
 * One of 25 nodes that must get every broadcast value to every other node, over links that take
 * about 100 ms, in fewer than 30 messages per broadcast, with the last node getting a value in
 * under 600 ms (under 400 ms for the median value), and still every value to every node after a
 * partition heals.
 *
 * What you have (from Node and the read-only BroadcastNode):
 *   onBroadcast(value)            a client handed this node a new value (already delivered here)
 *   onPeerMessage(from, message)  a message from another node: your own records
 *   deliver(value)                call when another node tells you a value; false if you had it
 *   has(value), values()          what this node has
 *   peers()                       every other node's id
 *   send(to, message)             to another node; the network may cut it during a partition
 *   setTimer(delay, timer)        onTimer(timer) runs after delay (Time.ms(100), ...)
 *   random()                      this node's random stream: random().pick(peers())
 *
 * Send immutable messages: records holding List.copyOf(...).
 */
public final class GossipNode extends BroadcastNode {

    @Override
    protected void onBroadcast(int value) {
        // The value stays where it landed: no other node ever hears of it.
    }

    @Override
    protected void onPeerMessage(String from, Object message) {
    }

    @Override
    protected void onTimer(Object timer) {
    }
}
