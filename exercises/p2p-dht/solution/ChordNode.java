import dev.loadbearing.sim.engine.Time;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chord routing with failure handling.
 *
 * A lookup for key k at node n: if k lies between n and its first live successor s, s owns k;
 * n checks that s is alive (a probe) and answers the client. Otherwise n forwards the lookup to
 * its closest preceding finger: the farthest finger that does not pass k, which at least halves
 * the distance left. Every forward and probe waits for an acknowledgement; a node that stays
 * silent for 100 ms is suspected (it has probably failed, and stabilisation has not noticed yet)
 * and the lookup takes the next best choice.
 */
public final class ChordNode extends ChordBase {
    private static final long TIMEOUT = Time.ms(100);

    /** "I have your lookup", back to the node that forwarded it. */
    record Ack(long id) {
    }

    /** "Are you alive?" to the owner before answering. */
    record Probe(long id) {
    }

    /** The probed owner is alive. */
    record Alive(long id) {
    }

    /** No acknowledgement from {@code to} in time. */
    record Silent(Chord.Lookup lookup, String to) {
    }

    private final Set<String> suspected = new HashSet<>();
    private final Map<Long, Long> waiting = new HashMap<>();
    private final Map<Long, Chord.Lookup> probing = new HashMap<>();

    @Override
    protected void onMessage(String from, Object message) {
        if (message instanceof Chord.Lookup lookup) {
            if (!from.equals("client")) {
                send(from, new Ack(lookup.id()));
            }
            route(lookup);
        } else if (message instanceof Ack ack) {
            stopWaiting(ack.id());
        } else if (message instanceof Probe probe) {
            send(from, new Alive(probe.id()));
        } else if (message instanceof Alive alive) {
            Chord.Lookup lookup = probing.remove(alive.id());
            if (lookup != null) {
                stopWaiting(alive.id());
                send("client", new Chord.Found(lookup.id(), from));
            }
        }
    }

    @Override
    protected void onTimer(Object timer) {
        if (timer instanceof Silent silent) {
            waiting.remove(silent.lookup().id());
            probing.remove(silent.lookup().id());
            suspected.add(silent.to());
            route(silent.lookup());
        }
    }

    private void stopWaiting(long id) {
        Long timer = waiting.remove(id);
        if (timer != null) {
            cancelTimer(timer);
        }
    }

    private void route(Chord.Lookup lookup) {
        String successor = null;
        for (String node : successors()) {
            if (!suspected.contains(node)) {
                successor = node;
                break;
            }
        }
        if (successor == null) {
            return;   // every successor silent: the client will ask another node
        }
        if (Chord.between(lookup.key(), self(), Chord.id(successor))) {
            probing.put(lookup.id(), lookup);
            send(successor, new Probe(lookup.id()));
            waiting.put(lookup.id(), setTimer(TIMEOUT, new Silent(lookup, successor)));
            return;
        }
        String next = successor;
        List<String> fingers = fingers();
        long beforeKey = Chord.plus(lookup.key(), -1);
        for (int i = fingers.size() - 1; i >= 0; i--) {
            String finger = fingers.get(i);
            if (!suspected.contains(finger) && !finger.equals(id())
                    && Chord.between(Chord.id(finger), self(), beforeKey)) {
                next = finger;
                break;
            }
        }
        send(next, lookup);
        waiting.put(lookup.id(), setTimer(TIMEOUT, new Silent(lookup, next)));
    }
}
