package dev.loadbearing.sim.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeClockTest {
    /** A client's write: set the register to a value. */
    record Write(String value) {
    }

    /** A replica's copy, stamped with the writing node's wall clock (ties broken by node id). */
    record Stamped(long time, String node, String value) {
        boolean newerThan(Stamped other) {
            return time != other.time ? time > other.time : node.compareTo(other.node) > 0;
        }
    }

    /** Last-writer-wins by the writing node's own clock: the design lesson 14 warns about. */
    static final class LwwReplica extends Node {
        Stamped copy = new Stamped(Long.MIN_VALUE, "", "");

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof Write write) {
                Stamped mine = new Stamped(wallTime(), id(), write.value());
                keep(mine);
                for (String peer : peers()) {
                    send(peer, mine);
                }
            } else if (message instanceof Stamped theirs) {
                keep(theirs);
            }
        }

        private void keep(Stamped value) {
            if (value.newerThan(copy)) {
                copy = value;
            }
        }
    }

    private final Sim sim = new Sim(3);
    private final Network net = new Network(sim);
    private final Cluster cluster = new Cluster(sim, net);

    private List<String> run(long n2Offset) {
        for (String id : List.of("n1", "n2", "n3")) {
            cluster.add(id, LwwReplica::new);
        }
        cluster.clock("n2").offset(n2Offset);
        sim.at(Time.ms(10), "alice writes a on n1", () -> net.send("alice", "n1", new Write("a")));
        sim.at(Time.ms(30), "bob writes b on n2", () -> net.send("bob", "n2", new Write("b")));
        sim.runFor(Time.seconds(1));
        List<String> values = new ArrayList<>();
        for (String id : cluster.ids()) {
            values.add(((LwwReplica) cluster.node(id)).copy.value());
        }
        return values;
    }

    @Test
    void with_true_clocks_last_writer_wins_keeps_the_later_write() {
        assertEquals(List.of("b", "b", "b"), run(0));
    }

    @Test
    void a_writer_whose_clock_is_behind_loses_its_later_write_on_every_replica() {
        // bob's write comes 20 ms after alice's, but n2's clock is 50 ms behind: it stamps b at
        // -19 ms against a's 11 ms, so every replica keeps a and b is lost although it was acknowledged.
        assertEquals(List.of("a", "a", "a"), run(-Time.ms(50)));
    }

    @Test
    void a_skew_smaller_than_the_gap_between_the_writes_does_no_harm() {
        assertEquals(List.of("b", "b", "b"), run(-Time.ms(15)));
    }

    @Test
    void drift_accumulates_until_it_reorders_writes_minutes_apart() {
        NodeClock clock = new NodeClock("n1").drift(-100);          // 100 ppm slow
        assertEquals(Time.seconds(1) - Time.micros(100), clock.read(Time.seconds(1)));
        assertEquals(-Time.ms(60), clock.error(Time.minutes(10)));  // 60 ms behind after ten minutes
        NodeClock fast = new NodeClock("n2").offset(Time.ms(5)).drift(50);
        assertEquals(Time.ms(5) + Time.ms(30), fast.error(Time.minutes(10)));
    }

    @Test
    void a_step_back_makes_the_clock_repeat_readings_and_lww_drops_the_nodes_own_later_write() {
        NodeClock clock = new NodeClock("n1").stepAt(Time.seconds(2), -Time.ms(500));
        assertEquals(Time.ms(1999), clock.read(Time.ms(1999)));
        assertEquals(Time.ms(1500), clock.read(Time.seconds(2)));
        assertEquals(Time.ms(1600), clock.read(Time.ms(2100)));

        for (String id : List.of("n1", "n2")) {
            cluster.add(id, LwwReplica::new);
        }
        cluster.clock("n1").stepAt(Time.ms(1000), -Time.ms(300));
        sim.at(Time.ms(900), "alice writes a on n1", () -> net.send("alice", "n1", new Write("a")));
        sim.at(Time.ms(1100), "alice writes b on n1", () -> net.send("alice", "n1", new Write("b")));
        sim.runFor(Time.seconds(2));
        // b was stamped 0.801 s by n1's stepped-back clock, before a's 0.901 s: n1 loses its own later write.
        assertEquals("a", ((LwwReplica) cluster.node("n1")).copy.value());
        assertEquals("a", ((LwwReplica) cluster.node("n2")).copy.value());
    }

    @Test
    void a_nodes_clock_belongs_to_its_machine_and_survives_a_restart() {
        long[] seen = new long[2];
        cluster.add("n1", () -> new Node() {
            @Override
            protected void onStart() {
                seen[seen[0] == 0 ? 0 : 1] = wallTime() - now();
            }

            @Override
            protected void onMessage(String from, Object message) {
            }
        });
        cluster.clock("n1").offset(Time.ms(250));
        sim.runFor(Time.ms(10));
        cluster.crash("n1");
        cluster.restart("n1");
        sim.runFor(Time.ms(10));
        assertEquals(Time.ms(250), seen[0]);
        assertEquals(Time.ms(250), seen[1]);
        assertEquals("n1's clock: offset +250.000 ms, drift +0.0 ppm", cluster.clock("n1").toString());
    }

    @Test
    void a_drift_that_would_stop_the_clock_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new NodeClock("n1").drift(-1_000_000));
        assertThrows(IllegalArgumentException.class, () -> new NodeClock("n1").stepAt(-1, 5));
    }
}
