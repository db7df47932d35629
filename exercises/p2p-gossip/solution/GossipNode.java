import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Eager push in batches, plus push-pull anti-entropy.
 *
 * Values a client hands this node wait in a batch; every 250 ms the batch goes to every peer in
 * one message each. A value thus reaches everyone in one hop (about 100 ms) after waiting at most
 * 250 ms, and a node pays 24 messages for all the values that arrived in the interval. Nodes that hear a value from
 * a peer do not forward it: the origin already told everyone.
 *
 * A message lost to a partition is never resent by the push, so every second each node also
 * sends the whole set it has to one random peer (a digest), which delivers what it lacks and
 * answers with what the sender lacks. After a heal, the values each side missed spread through
 * these exchanges like an epidemic, in a few rounds.
 */
public final class GossipNode extends BroadcastNode {
    private static final long PUSH_EVERY = Time.ms(250);
    private static final long SYNC_EVERY = Time.ms(1000);

    /** New values from this node's clients, for every peer. */
    record Batch(List<Integer> values) {
    }

    /** Everything the sender has, for anti-entropy. */
    record Digest(List<Integer> values) {
    }

    /** What the digest's sender lacked. */
    record Missing(List<Integer> values) {
    }

    private final List<Integer> fresh = new ArrayList<>();

    @Override
    protected void onStart() {
        setTimer(PUSH_EVERY, "push");
        // Spread the nodes' syncs over the interval so they do not all fire at once.
        setTimer(random().nextInt((int) (SYNC_EVERY / Time.MILLISECOND)) * Time.MILLISECOND + 1, "sync");
    }

    @Override
    protected void onBroadcast(int value) {
        fresh.add(value);
    }

    @Override
    protected void onPeerMessage(String from, Object message) {
        if (message instanceof Batch batch) {
            batch.values().forEach(this::deliver);
        } else if (message instanceof Missing missing) {
            missing.values().forEach(this::deliver);
        } else if (message instanceof Digest digest) {
            Set<Integer> theirs = new HashSet<>(digest.values());
            List<Integer> lacking = new ArrayList<>();
            for (int value : values()) {
                if (!theirs.contains(value)) {
                    lacking.add(value);
                }
            }
            digest.values().forEach(this::deliver);
            if (!lacking.isEmpty()) {
                send(from, new Missing(List.copyOf(lacking)));
            }
        }
    }

    @Override
    protected void onTimer(Object timer) {
        if (timer.equals("push")) {
            if (!fresh.isEmpty()) {
                Batch batch = new Batch(List.copyOf(fresh));
                for (String peer : peers()) {
                    send(peer, batch);
                }
                fresh.clear();
            }
            setTimer(PUSH_EVERY, "push");
        } else {
            send(random().pick(peers()), new Digest(List.copyOf(values())));
            setTimer(SYNC_EVERY, "sync");
        }
    }
}
