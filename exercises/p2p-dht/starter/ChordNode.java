/**
 * A node of a Chord ring of 256 (or so) nodes. Route each lookup towards the key's owner in few
 * hops (on average at most half of log2 N, plus one), and answer every lookup correctly while 10%
 * of the nodes fail and as many join.
 *
 * What you have (from Node, the read-only ChordBase and Chord):
 *   onMessage(from, message)       a Chord.Lookup from the client or a node, or your own records
 *   self(), successors(), fingers() this node's id and routing table (finger i = successor(self + 2^i));
 *                                   refreshed by stabilisation about every 500 ms, so it may name failed nodes
 *   Chord.between(x, from, to)     is x in (from, to] clockwise?    Chord.id(node)  a node's id
 *   send(to, message)               forward the Lookup record itself (each forward is a hop),
 *                                   or answer send("client", new Chord.Found(id, owner))
 *   setTimer(delay, timer), cancelTimer(id)   for timeouts: a failed node never answers
 *
 * The key's owner is its successor: the first node at or after the key, clockwise.
 */
public final class ChordNode extends ChordBase {

    @Override
    protected void onMessage(String from, Object message) {
        // Lookups arrive here and go no further: nobody ever answers.
    }
}
