package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.net.NetworkStats;
import dev.loadbearing.sim.net.Partition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static final List<String> NODES = List.of("a", "b", "c", "d", "e");

    /** Sends one message on every directed link and returns the links that delivered. */
    private static Set<String> reachable(Sim sim, Network net) {
        Set<String> arrived = new TreeSet<>();
        for (String node : NODES) {
            net.register(node, m -> arrived.add(m.from() + m.to()));
        }
        for (String from : NODES) {
            for (String to : NODES) {
                if (!from.equals(to)) {
                    net.send(from, to, "probe");
                }
            }
        }
        sim.runFor(Time.seconds(1));
        return arrived;
    }

    private static Set<String> allLinksExcept(Set<String> cut) {
        Set<String> links = new TreeSet<>();
        for (String from : NODES) {
            for (String to : NODES) {
                if (!from.equals(to) && !cut.contains(from + to)) {
                    links.add(from + to);
                }
            }
        }
        return links;
    }

    @Test
    void messages_arrive_after_the_link_latency() {
        Sim sim = new Sim(1);
        Network net = new Network(sim);
        net.defaults().latency(Time.ms(5));
        net.link("a", "b").latency(Time.ms(40));
        List<String> arrivals = new ArrayList<>();
        net.register("b", m -> arrivals.add(m.body() + "@" + Time.format(sim.now())));
        net.register("c", m -> arrivals.add(m.body() + "@" + Time.format(sim.now())));
        net.send("a", "b", "slow");
        net.send("b", "c", "fast");
        net.send("c", "b", "fast back");
        sim.run();
        assertEquals(List.of("fast@5.000 ms", "fast back@5.000 ms", "slow@40.000 ms"), arrivals);
    }

    @Test
    void a_partition_between_two_nodes_blocks_exactly_that_link_both_ways() {
        Sim sim = new Sim(1);
        Network net = new Network(sim);
        net.partition("a", "b");
        assertEquals(allLinksExcept(Set.of("ab", "ba")), reachable(sim, net));
        assertEquals(2, net.stats().partitioned());
    }

    @Test
    void a_group_partition_blocks_exactly_the_links_across_groups() {
        Sim sim = new Sim(1);
        Network net = new Network(sim);
        net.partition(List.of(List.of("a", "b"), List.of("c", "d")));
        Set<String> cut = Set.of("ac", "ca", "ad", "da", "bc", "cb", "bd", "db");
        assertEquals(allLinksExcept(cut), reachable(sim, net));
        assertFalse(net.connected("a", "d"));
        assertTrue(net.connected("a", "e"));
    }

    @Test
    void isolating_a_node_cuts_it_from_everyone() {
        Sim sim = new Sim(1);
        Network net = new Network(sim);
        net.isolate("c");
        Set<String> cut = Set.of("ac", "ca", "bc", "cb", "cd", "dc", "ce", "ec");
        assertEquals(allLinksExcept(cut), reachable(sim, net));
    }

    @Test
    void heal_restores_every_link_and_records_when() {
        Sim sim = new Sim(1);
        Network net = new Network(sim);
        Partition partition = net.partition(List.of(List.of("a"), List.of("b", "c")));
        net.isolate("e");
        sim.runFor(Time.seconds(2));
        net.heal();
        assertEquals(allLinksExcept(Set.of()), reachable(sim, net));
        assertFalse(partition.isActive());
        assertEquals(0, partition.start());
        assertEquals(Time.seconds(2), partition.end());
        assertEquals(2, net.partitions().size());
    }

    @Test
    void a_message_in_flight_when_the_partition_starts_is_dropped() {
        Sim sim = new Sim(1);
        Network net = new Network(sim);
        net.defaults().latency(Time.ms(10));
        List<Object> got = new ArrayList<>();
        net.register("b", m -> got.add(m.body()));
        net.send("a", "b", "in flight");
        sim.after(Time.ms(5), "cut", () -> net.partition("a", "b"));
        sim.run();
        assertEquals(List.of(), got);
        assertEquals(1, net.stats().partitioned());
    }

    @Test
    void loss_drops_about_the_configured_share() {
        Sim sim = new Sim(3);
        Network net = new Network(sim);
        net.defaults().loss(0.2);
        net.register("b", m -> { });
        for (int i = 0; i < 50_000; i++) {
            net.send("a", "b", i);
        }
        sim.run();
        NetworkStats stats = net.stats();
        assertEquals(0.2, stats.lost() / 50_000.0, 0.01);
        assertEquals(stats.sent() - stats.lost(), stats.delivered());
    }

    @Test
    void duplication_delivers_about_the_configured_share_twice_with_the_same_id() {
        Sim sim = new Sim(4);
        Network net = new Network(sim);
        net.defaults().duplicate(0.1);
        List<Long> ids = new ArrayList<>();
        net.register("b", m -> ids.add(m.id()));
        for (int i = 0; i < 50_000; i++) {
            net.send("a", "b", i);
        }
        sim.run();
        long distinct = ids.stream().distinct().count();
        assertEquals(50_000, distinct);
        assertEquals(0.1, (ids.size() - distinct) / 50_000.0, 0.01);
        assertEquals(ids.size() - distinct, net.stats().duplicated());
    }

    @Test
    void constant_latency_keeps_order_and_reordering_breaks_it() {
        for (double reorder : new double[] {0, 0.3}) {
            Sim sim = new Sim(5);
            Network net = new Network(sim);
            net.defaults().latency(Time.ms(2)).reorder(reorder, Distribution.constant(Time.ms(5)));
            List<Integer> order = new ArrayList<>();
            net.register("b", m -> order.add((Integer) m.body()));
            for (int i = 0; i < 100; i++) {
                int n = i;
                sim.at(Time.ms(i), "send " + i, () -> net.send("a", "b", n));
            }
            sim.run();
            boolean sorted = true;
            for (int i = 1; i < order.size(); i++) {
                sorted &= order.get(i - 1) < order.get(i);
            }
            assertEquals(reorder == 0, sorted, "reorder " + reorder);
            assertEquals(100, order.size());
        }
    }

    @Test
    void counts_messages_bytes_and_messages_per_operation() {
        Sim sim = new Sim(1);
        Network net = new Network(sim);
        net.register("b", m -> { });
        net.send("a", "b", "x", 100);
        net.send("a", "b", "y", 50);
        net.send("a", "nobody", "z", 10);
        sim.run();
        NetworkStats stats = net.stats();
        assertEquals(3, stats.sent());
        assertEquals(2, stats.delivered());
        assertEquals(1, stats.undeliverable());
        assertEquals(160, stats.bytesSent());
        assertEquals(1.5, stats.messagesPerOperation(2));
    }

    @Test
    void an_observer_sees_every_send_and_every_delivery_including_lost_cut_and_duplicated_messages() {
        Sim sim = new Sim(8);
        Network net = new Network(sim);
        net.link("a", "b").loss(0.5).duplicate(0.5);
        List<String> seen = new ArrayList<>();
        List<String> received = new ArrayList<>();
        net.register("b", m -> {
            received.add("b got #" + m.id());
            seen.add("received #" + m.id());
        });
        net.register("c", m -> received.add("c got #" + m.id()));
        net.observe(new Network.Observer() {
            @Override
            public void sent(dev.loadbearing.sim.net.Message m) {
                seen.add("sent #" + m.id());
            }

            @Override
            public void delivered(dev.loadbearing.sim.net.Message m) {
                seen.add("delivered #" + m.id());
            }
        });
        for (int i = 0; i < 40; i++) {
            net.send("a", "b", i);
        }
        net.partition("a", "c");
        net.send("a", "c", "cut");
        sim.runFor(Time.seconds(1));

        NetworkStats stats = net.stats();
        assertEquals(stats.sent(), seen.stream().filter(s -> s.startsWith("sent")).count(),
                "every send is seen, lost and cut ones included");
        assertEquals(stats.delivered(), seen.stream().filter(s -> s.startsWith("delivered")).count());
        assertEquals(received.size(), stats.delivered(), "a duplicate is delivered (and observed) twice");
        assertTrue(stats.lost() > 0 && stats.duplicated() > 0, stats.toString());
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).startsWith("delivered")) {
                assertEquals(seen.get(i).replace("delivered", "received"), seen.get(i + 1),
                        "the observer runs just before the receiver");
            }
        }
    }
}
