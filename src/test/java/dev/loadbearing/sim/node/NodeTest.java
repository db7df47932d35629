package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NodeTest {
    private final Sim sim = new Sim(5);
    private final Network net = new Network(sim);
    private final Cluster cluster = new Cluster(sim, net);

    /** Push gossip: every 50 ms, send everything known to two random peers. */
    static final class Gossip extends Node {
        final Set<String> known = new TreeSet<>();

        @Override
        protected void onStart() {
            if (id().equals("n1")) {
                known.add("the value");
            }
            setTimer(Time.ms(50), "gossip");
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void onMessage(String from, Object message) {
            known.addAll((List<String>) message);
        }

        @Override
        protected void onTimer(Object timer) {
            if (!known.isEmpty()) {
                for (int i = 0; i < 2; i++) {
                    send(random().pick(peers()), List.copyOf(known));
                }
            }
            setTimer(Time.ms(50), "gossip");
        }
    }

    /** Records what happens to it, in a list shared by every incarnation. */
    static final class Recorder extends Node {
        static final List<String> LOG = new ArrayList<>();
        int messagesSinceStart;

        @Override
        protected void onStart() {
            stableStorage().merge("starts", 1, (a, b) -> (int) a + (int) b);
            LOG.add(now() / Time.MILLISECOND + " ms start");
        }

        @Override
        protected void onMessage(String from, Object message) {
            messagesSinceStart++;
            stableStorage().merge("messages", 1, (a, b) -> (int) a + (int) b);
            LOG.add(now() / Time.MILLISECOND + " ms " + message + " from " + from);
            if (message.equals("set a timer")) {
                setTimer(Time.ms(10), "ring");
            }
        }

        @Override
        protected void onTimer(Object timer) {
            LOG.add(now() / Time.MILLISECOND + " ms timer " + timer);
        }
    }

    /** A node that only exists to be a sender: the tests send in its name with net.send. */
    static final class Sender extends Node {
        @Override
        protected void onMessage(String from, Object message) {
        }
    }

    @Test
    void gossip_reaches_every_node_despite_twenty_percent_loss() {
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(10))).loss(0.2);
        for (int i = 1; i <= 10; i++) {
            cluster.add("n" + i, Gossip::new);
        }
        boolean everyone = sim.runUntil(() -> cluster.ids().stream()
                .allMatch(id -> cluster.<Gossip>node(id).known.contains("the value")),
                Time.seconds(5));

        assertTrue(everyone, "not every node heard the value within 5 s");
        assertTrue(net.stats().lost() > 0, "the network lost messages");
    }

    @Test
    void peers_are_the_other_nodes_in_the_order_they_were_added() {
        List<List<String>> seen = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            cluster.add(id, () -> new Node() {
                @Override
                protected void onStart() {
                    seen.add(peers());
                }

                @Override
                protected void onMessage(String from, Object message) {
                }
            });
        }
        sim.run();

        assertEquals(List.of(List.of("b", "c"), List.of("a", "c"), List.of("a", "b")), seen);
    }

    @Test
    void a_paused_node_handles_its_queued_messages_and_timers_on_resume() {
        Recorder.LOG.clear();
        cluster.add("r", Recorder::new);
        cluster.add("s", Sender::new);
        sim.at(Time.ms(1), "ask for a timer", () -> net.send("s", "r", "set a timer"));
        cluster.pauseAt(Time.ms(5), "r");                      // the timer is due at 12 ms
        sim.at(Time.ms(20), "one", () -> net.send("s", "r", "one"));
        sim.at(Time.ms(30), "two", () -> net.send("s", "r", "two"));
        cluster.resumeAt(Time.ms(100), "r");
        sim.run();

        assertEquals(List.of("0 ms start", "2 ms set a timer from s", "100 ms timer ring",
                "100 ms one from s", "100 ms two from s"), Recorder.LOG);
        assertEquals(1, cluster.faults().size());
        assertEquals("r paused", cluster.faults().get(0).label());
    }

    @Test
    void a_crashed_node_loses_its_fields_and_timers_but_keeps_stable_storage() {
        Recorder.LOG.clear();
        cluster.add("r", Recorder::new);
        cluster.add("s", Sender::new);
        sim.at(Time.ms(1), "m1", () -> net.send("s", "r", "set a timer"));  // timer due 12 ms
        sim.at(Time.ms(2), "m2", () -> net.send("s", "r", "m2"));
        cluster.crashAt(Time.ms(5), "r");
        sim.at(Time.ms(6), "lost", () -> net.send("s", "r", "lost while down"));
        cluster.restartAt(Time.ms(50), "r");
        sim.at(Time.ms(60), "m3", () -> net.send("s", "r", "m3"));
        sim.run();

        Recorder r = cluster.node("r");
        assertEquals(1, r.messagesSinceStart, "fields start afresh after the restart");
        assertEquals(3, cluster.stableStorage("r").get("messages"));
        assertEquals(2, cluster.stableStorage("r").get("starts"));
        assertEquals(List.of("0 ms start", "2 ms set a timer from s", "3 ms m2 from s",
                "50 ms start", "61 ms m3 from s"), Recorder.LOG);
        assertEquals(1, net.stats().undeliverable());
    }

    @Test
    void a_crashed_node_is_gone_until_it_restarts() {
        cluster.add("r", Recorder::new);
        cluster.crash("r");

        assertNull(cluster.node("r"));
        assertEquals(Cluster.State.CRASHED, cluster.state("r"));
        cluster.restart("r");
        assertEquals(Cluster.State.UP, cluster.state("r"));
    }

    @Test
    void a_partition_stops_messages_between_its_sides_and_shows_as_a_band() {
        Recorder.LOG.clear();
        cluster.add("r", Recorder::new);
        cluster.add("s", Sender::new);
        sim.at(Time.ms(10), "cut", () -> net.partition("r", "s"));
        sim.at(Time.ms(20), "blocked", () -> net.send("s", "r", "blocked"));
        sim.at(Time.ms(30), "heal", net::heal);
        sim.at(Time.ms(40), "crosses", () -> net.send("s", "r", "crosses"));
        sim.run();

        assertEquals(List.of("0 ms start", "41 ms crosses from s"), Recorder.LOG);
        assertEquals(1, cluster.bands().size());
        assertEquals(0.01, cluster.bands().get(0).start(), 1e-9);
        assertEquals(0.03, cluster.bands().get(0).end(), 1e-9);
    }
}
