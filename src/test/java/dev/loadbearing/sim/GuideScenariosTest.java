package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.net.Partition;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.workload.Workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked scenarios of docs/SIMULATION.md, verbatim, so the guide never lies. */
class GuideScenariosTest {

    // --- Worked scenario 1: a load balancer under a server slow-down -------------------------

    static LoadBalancerReport slowDown(long seed, boolean leastActive) {
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        scenario.addServers(4, server -> server.workers(4)
                .serviceTime(Distribution.exponential(Time.ms(10))));
        scenario.server(0).slowDownAt(Time.seconds(20), 5);

        RandomStream random = scenario.sim().random("lb");
        LoadBalancer policy = leastActive
                ? (request, backends) -> {
                    Backend best = null;
                    for (Backend backend : backends) {
                        if (backend.healthy() && (best == null || backend.active() < best.active()
                                || backend.active() == best.active() && random.nextInt(2) == 0)) {
                            best = backend;
                        }
                    }
                    return best;
                }
                : LoadBalancer.random(random);

        return scenario.run(policy, Workload.openLoop(1_200), Time.seconds(60));
    }

    @Test
    void random_keeps_feeding_a_slowed_server_and_its_tail_latency_explodes() {
        LoadBalancerReport random = slowDown(42, false);
        LoadBalancerReport leastActive = slowDown(42, true);
        Figures.attach(random.figures());

        assertEquals(0.25, random.share("server-0"), 0.02);
        assertTrue(leastActive.share("server-0") < 0.15, leastActive.toString());
        assertTrue(random.latency().p99Ms() > 10 * leastActive.latency().p99Ms(),
                random.latency() + " vs " + leastActive.latency());
        assertEquals(Map.of(), leastActive.errors());
        Figures.drain();
    }

    // --- Worked scenario 2: a partition between two nodes ------------------------------------

    static Map<String, List<Double>> heartbeats(long seed) {
        Sim sim = new Sim(seed);
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(5), Time.ms(15)));

        Map<String, List<Double>> heard = new LinkedHashMap<>();
        for (String node : List.of("b", "c")) {
            heard.put(node, new ArrayList<>());
            net.register(node, message -> heard.get(node).add(Time.toSeconds(sim.now())));
        }
        sim.every(Time.ms(100), "a sends heartbeats", () -> {
            net.send("a", "b", "heartbeat", 64);
            net.send("a", "c", "heartbeat", 64);
        });

        sim.at(Time.seconds(1), "cut a from b", () -> net.partition("a", "b"));
        sim.at(Time.seconds(3), "heal", net::heal);
        sim.runFor(Time.seconds(5));

        Partition cut = net.partitions().get(0);
        Figures.attach(new TimeSeriesChart("Heartbeats", "received", List.of(),
                List.of(new Band(Time.toSeconds(cut.start()), Time.toSeconds(cut.end()),
                        cut.toString()))));
        return heard;
    }

    @Test
    void a_partition_stops_heartbeats_on_the_cut_link_only_until_it_heals() {
        Map<String, List<Double>> heard = heartbeats(7);

        List<Double> b = heard.get("b");
        List<Double> c = heard.get("c");
        assertEquals(49, c.size(), "c hears every heartbeat from 0.1 s to 4.9 s");
        assertTrue(b.stream().noneMatch(t -> t > 1.0 && t < 3.0), "b hears nothing while cut");
        // The heal at 3 s was scheduled before the heartbeat due at 3 s, so it runs first.
        assertEquals(9 + 20, b.size(), "b hears 0.1..0.9 s and 3.0..4.9 s");
        Band band = ((TimeSeriesChart) Figures.drain().get(0)).bands().get(0);
        assertEquals(new Band(1.0, 3.0, "partition [a] | [b]"), band);
    }
}
