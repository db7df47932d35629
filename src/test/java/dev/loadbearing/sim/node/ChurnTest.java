package dev.loadbearing.sim.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.HopCounter;
import dev.loadbearing.sim.net.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChurnTest {
    private final Sim sim = new Sim(11);
    private final Network net = new Network(sim);
    private final Cluster cluster = new Cluster(sim, net);

    /** Hands a note to its first peer when it leaves; counts its timers. */
    static final class Leaver extends Node {
        final List<String> heard = new ArrayList<>();
        int ticks;

        @Override
        protected void onStart() {
            setTimer(Time.ms(10), "tick");
        }

        @Override
        protected void onMessage(String from, Object message) {
            heard.add(from + ":" + message);
        }

        @Override
        protected void onTimer(Object timer) {
            ticks++;
            setTimer(Time.ms(10), "tick");
        }

        @Override
        protected void onLeave() {
            send(peers().get(0), "bye");
            setTimer(Time.ms(1), "never fires");
        }
    }

    /** Forwards a numbered lookup along a fixed ring n1 -> n2 -> ... until it reaches its target. */
    record Lookup(long id, String target) {
    }

    static final class RingNode extends Node {
        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof Lookup lookup && !lookup.target().equals(id())) {
                int next = Integer.parseInt(id().substring(1)) % 8 + 1;
                send("n" + next, lookup);
            }
        }
    }

    @Test
    void a_leaving_node_sends_its_goodbye_and_then_is_gone_from_every_peer_list() {
        for (int i = 1; i <= 3; i++) {
            cluster.add("n" + i, Leaver::new);
        }
        cluster.leaveAt(Time.ms(55), "n3");
        sim.runFor(Time.ms(200));

        Leaver n1 = cluster.node("n1");
        assertEquals(List.of("n3:bye"), n1.heard, "onLeave's message goes out before the node goes");
        assertEquals(Cluster.State.LEFT, cluster.state("n3"));
        assertNull(cluster.node("n3"));
        assertEquals(List.of("n1", "n2"), cluster.members());
        assertEquals(List.of("n1", "n2", "n3"), cluster.ids());
        assertEquals(20, n1.ticks);
        net.send("n1", "n3", "late");
        sim.runFor(Time.ms(10));
        assertEquals(1, net.stats().undeliverable(), "messages to a node that left are lost");
        assertEquals(Cluster.ChangeKind.LEAVE, cluster.changes().get(3).kind());
        assertEquals(Time.ms(55), cluster.changes().get(3).time());
    }

    @Test
    void peers_lists_only_members_that_have_not_left_and_with_contacts_membership_only_the_contacts() {
        cluster.add("n1", Leaver::new).add("n2", Leaver::new).add("n3", Leaver::new);
        cluster.crash("n2");
        cluster.leave("n3");
        sim.runFor(Time.ms(1));
        assertEquals(List.of("n2"), cluster.node("n1") instanceof Leaver l ? l.peers() : null,
                "a crashed node is still a peer (noticing failures is the nodes' job); one that left is not");

        Cluster contacts = new Cluster(sim, new Network(sim)).membership(Cluster.Membership.CONTACTS);
        contacts.add("a", Leaver::new);
        contacts.join("b", Leaver::new, List.of("a"));
        sim.runFor(Time.ms(1));
        assertEquals(List.of(), contacts.<Leaver>node("a").peers(), "a node without contacts knows nobody");
        assertEquals(List.of("a"), contacts.<Leaver>node("b").peers());
    }

    @Test
    void churn_joins_leaves_and_fails_the_planned_numbers_of_nodes_inside_its_window_sparing_the_named_ones() {
        for (int i = 1; i <= 20; i++) {
            cluster.add("n" + i, Leaver::new);
        }
        Churn churn = new Churn(cluster, Leaver::new).between(Time.seconds(1), Time.seconds(2))
                .joins(3).leaves(2).failures(4).sparing(List.of("n1")).start();
        sim.runFor(Time.seconds(3));

        List<Cluster.Change> events = churn.events();
        assertEquals(9, events.size());
        assertEquals(3, events.stream().filter(e -> e.kind() == Cluster.ChangeKind.JOIN).count());
        assertEquals(2, events.stream().filter(e -> e.kind() == Cluster.ChangeKind.LEAVE).count());
        assertEquals(4, events.stream().filter(e -> e.kind() == Cluster.ChangeKind.CRASH).count());
        for (Cluster.Change event : events) {
            assertTrue(event.time() >= Time.seconds(1) && event.time() < Time.seconds(2), event.toString());
            assertFalse(event.node().equals("n1") && event.kind() != Cluster.ChangeKind.JOIN);
        }
        assertEquals(21, cluster.members().size(), "20 + 3 joined - 2 left; crashed nodes are still members");
        assertEquals(17, cluster.live().size());
        assertEquals(List.of("j1", "j2", "j3"), cluster.ids().subList(20, 23));
        Leaver joined = cluster.node("j1");
        assertTrue(joined.ticks > 50, "a joined node runs its timers: " + joined.ticks);
    }

    @Test
    void churn_is_the_same_for_the_same_seed() {
        List<String> first = churnRun(3);
        assertEquals(first, churnRun(3));
        assertFalse(first.equals(churnRun(4)));
    }

    private static List<String> churnRun(long seed) {
        Sim sim = new Sim(seed);
        Cluster cluster = new Cluster(sim, new Network(sim));
        for (int i = 1; i <= 10; i++) {
            cluster.add("n" + i, Leaver::new);
        }
        Churn churn = new Churn(cluster, Leaver::new).between(0, Time.seconds(1)).joins(2).leaves(2).failures(2).start();
        sim.runFor(Time.seconds(1));
        return churn.events().stream().map(Cluster.Change::toString).toList();
    }

    @Test
    void a_hop_counter_counts_every_message_of_an_operation_and_its_path() {
        for (int i = 1; i <= 8; i++) {
            cluster.add("n" + i, RingNode::new);
        }
        HopCounter hops = net.observe(new HopCounter(m -> m.body() instanceof Lookup l ? l.id() : null));
        sim.after(Time.ms(1), "lookups", () -> {
            net.send("client", "n2", new Lookup(1, "n5"));
            net.send("client", "n7", new Lookup(2, "n1"));
            net.send("client", "n3", new Lookup(3, "n3"));
            net.send("client", "n3", "not a lookup");
        });
        sim.run();

        assertEquals(List.of("client", "n2", "n3", "n4", "n5"), hops.path(1L));
        assertEquals(4, hops.hops(1L));
        assertEquals(3, hops.hops(2L), "client->n7->n8->n1");
        assertEquals(1, hops.hops(3L));
        assertEquals(0, hops.hops(99L));
        assertEquals(3, hops.operations());
        assertEquals(8 / 3.0, hops.mean(), 1e-9);
        assertEquals(4, hops.max());
        assertEquals(List.of(1, 3, 4), List.copyOf(hops.distribution().keySet()));
    }
}
