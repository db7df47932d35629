package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.workload.Workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    /** A model that touches every source of randomness: arrivals, service, network, policy. */
    private static List<String> run(long seed) {
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        Sim sim = scenario.sim();
        List<String> log = new ArrayList<>();
        sim.trace(log::add);
        scenario.addServers(3, s -> s.workers(2).queueCapacity(5).timeout(Time.ms(80))
                .serviceTime(Distribution.paretoWithMean(Time.ms(10), 2.5)));
        scenario.server(1).crashAt(Time.seconds(1));
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(3))).loss(0.1)
                .duplicate(0.1);
        net.register("b", m -> log.add("b got " + m));
        sim.every(Time.ms(50), "gossip", () -> net.send("a", "b", "hello"));
        LoadBalancerReport report = scenario.run(LoadBalancer.random(sim.random("lb")),
                Workload.closedLoop(20, Distribution.exponential(Time.ms(20))), Time.seconds(2));
        log.add(report.toString());
        return log;
    }

    @Test
    void the_same_seed_gives_the_same_event_log() {
        List<String> first = run(42);
        List<String> second = run(42);
        assertTrue(first.size() > 2_000, "events: " + first.size());
        assertEquals(first, second);
    }

    @Test
    void different_seeds_give_different_runs() {
        assertNotEquals(run(42), run(43));
    }

    @Test
    void the_same_seed_gives_the_same_report() {
        LoadBalancerReport[] reports = new LoadBalancerReport[2];
        for (int i = 0; i < 2; i++) {
            LoadBalancerScenario scenario = new LoadBalancerScenario(7);
            scenario.addServers(4, s -> s.serviceTime(Distribution.exponential(Time.ms(5))));
            reports[i] = scenario.run(LoadBalancer.random(scenario.sim().random("lb")),
                    Workload.openLoop(300).keys(100, 1.1), Time.seconds(5));
        }
        assertEquals(reports[0], reports[1]);
        assertEquals(7, reports[0].seed());
    }
}
