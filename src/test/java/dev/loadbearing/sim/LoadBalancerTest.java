package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.workload.Workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.reference.HashPolicy;
import dev.loadbearing.sim.reference.LeastConnections;
import dev.loadbearing.sim.reference.LeastResponseTime;
import dev.loadbearing.sim.reference.RoundRobin;
import dev.loadbearing.sim.reference.WeightedRoundRobin;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The LoadBalancer SPI and the scenario runner, exercised with the reference policies. */
class LoadBalancerTest {

    private static LoadBalancerScenario pool(long seed, int servers) {
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        scenario.addServers(servers, s -> s.workers(4)
                .serviceTime(Distribution.exponential(Time.ms(10))));
        return scenario;
    }

    /** Wraps a policy and checks that each key always goes to the same backend. */
    private static LoadBalancer sticky(LoadBalancer policy, Map<String, String> seen,
            java.util.function.Function<Request, String> key) {
        return (request, backends) -> {
            Backend chosen = policy.pick(request, backends);
            String before = seen.putIfAbsent(key.apply(request), chosen.name());
            assertTrue(before == null || before.equals(chosen.name()),
                    key.apply(request) + " moved from " + before + " to " + chosen.name());
            return chosen;
        };
    }

    @Test
    void round_robin_splits_requests_evenly() {
        LoadBalancerScenario scenario = pool(1, 4);
        LoadBalancerReport report = scenario.run(new RoundRobin(),
                Workload.openLoop(1_000).limit(10_001));
        List<Long> counts = List.copyOf(report.requestsPerServer().values());
        assertEquals(1, Collections.max(counts) - Collections.min(counts), counts.toString());
        assertEquals(10_001, report.requests());
        assertEquals(0, report.errorCount());
    }

    @Test
    void a_crashed_server_gets_no_requests_until_it_restarts() {
        LoadBalancerScenario scenario = pool(2, 4);
        Server victim = scenario.server(2);
        victim.crashAt(Time.seconds(5));
        long[] arrivedWhileDown = new long[2];
        scenario.sim().at(Time.seconds(5), "count", () -> arrivedWhileDown[0] = victim.arrived());
        scenario.sim().at(Time.seconds(9.999), "count", () -> arrivedWhileDown[1] = victim.arrived());
        victim.restartAt(Time.seconds(10));
        LoadBalancerReport report = scenario.run(new RoundRobin(), Workload.openLoop(800),
                Time.seconds(20));
        assertEquals(arrivedWhileDown[0], arrivedWhileDown[1]);
        assertEquals(Map.of("lost in a crash", victim.count(Outcome.CRASHED)), report.errors());
        assertTrue(report.share("server-2") > 0.18, "it came back after the restart");
    }

    @Test
    void weighted_round_robin_follows_the_weights() {
        LoadBalancerScenario scenario = pool(3, 3);
        scenario.server(0).weight(5);
        LoadBalancerReport report = scenario.run(new WeightedRoundRobin(),
                Workload.openLoop(1_000).limit(7_000));
        assertEquals(Map.of("server-0", 5_000L, "server-1", 1_000L, "server-2", 1_000L),
                report.requestsPerServer());
    }

    @Test
    void least_connections_beats_round_robin_on_servers_of_different_speeds() {
        double[] speeds = {3, 2, 1, 1};
        LoadBalancerReport[] reports = new LoadBalancerReport[2];
        LoadBalancer[] policies = {new RoundRobin(), null};
        for (int i = 0; i < 2; i++) {
            LoadBalancerScenario scenario = pool(4, 4);
            for (int s = 0; s < 4; s++) {
                scenario.server(s).speed(speeds[s]);
            }
            LoadBalancer policy = i == 0 ? policies[0]
                    : new LeastConnections(scenario.sim().random("lb"));
            // capacity 7 x 400/s = 2800/s; round robin overloads the slow servers
            reports[i] = scenario.run(policy, Workload.openLoop(2_000), Time.seconds(60));
        }
        double rrP99 = reports[0].latency().p99Ms();
        double lcP99 = reports[1].latency().p99Ms();
        assertTrue(lcP99 * 5 < rrP99, "least connections p99 " + lcP99 + " ms vs RR " + rrP99);
        assertTrue(reports[1].share("server-0") > 0.35, reports[1].toString());
    }

    @Test
    void least_response_time_moves_traffic_off_a_slowed_server() {
        LoadBalancerScenario scenario = pool(5, 4);
        scenario.server(0).slowDownAt(Time.seconds(10), 5);
        long[] before = new long[1];
        scenario.sim().at(Time.seconds(10), "count", () -> before[0] = scenario.server(0).arrived());
        LoadBalancerReport report = scenario.run(
                new LeastResponseTime(scenario.sim().random("lb")),
                Workload.openLoop(1_000), Time.seconds(40));
        long after = scenario.server(0).arrived() - before[0];
        long total = 1_000 * 30;
        assertTrue(after < total * 0.10, "slow server got " + after + " of ~" + total);
        assertTrue(report.latency().p99Ms() < 200, report.toString());
    }

    @Test
    void ip_hash_keeps_each_client_on_one_server() {
        LoadBalancerScenario scenario = pool(6, 5);
        Map<String, String> serverOfIp = new HashMap<>();
        LoadBalancerReport report = scenario.run(
                sticky(HashPolicy.ipHash(), serverOfIp, Request::clientIp),
                Workload.openLoop(1_000).clients(500, 0).limit(20_000));
        assertEquals(500, serverOfIp.size());
        for (String server : report.requestsPerServer().keySet()) {
            assertEquals(0.2, report.share(server), 0.05, server);
        }
    }

    @Test
    void url_hash_keeps_each_path_on_one_server() {
        LoadBalancerScenario scenario = pool(7, 3);
        Map<String, String> serverOfPath = new HashMap<>();
        scenario.run(sticky(HashPolicy.urlHash(), serverOfPath, Request::path),
                Workload.openLoop(1_000).keys(300, 0.9).limit(20_000));
        assertTrue(serverOfPath.size() > 250);
    }

    @Test
    void random_spreads_requests_about_evenly() {
        LoadBalancerScenario scenario = pool(8, 4);
        LoadBalancerReport report = scenario.run(LoadBalancer.random(scenario.sim().random("lb")),
                Workload.openLoop(1_000).limit(40_000));
        for (String server : report.requestsPerServer().keySet()) {
            assertEquals(0.25, report.share(server), 0.01, server);
        }
    }

    @Test
    void backends_show_load_weight_latency_and_health() {
        LoadBalancerScenario scenario = pool(9, 2);
        scenario.server(1).weight(3);
        scenario.server(1).crashAt(Time.seconds(1));
        Backend[] seen = new Backend[2];
        scenario.run((request, backends) -> {
            seen[0] = backends.get(0);
            seen[1] = backends.get(1);
            return backends.get(0);
        }, Workload.openLoop(100), Time.seconds(2));
        assertEquals("server-0", seen[0].name());
        assertEquals(0, seen[0].index());
        assertEquals(3, seen[1].weight());
        assertTrue(seen[0].healthy());
        assertTrue(!seen[1].healthy());
        assertTrue(seen[0].recentLatencyMs() > 0);
        assertEquals(0, seen[1].recentLatencyMs());
    }

    @Test
    void a_policy_that_finds_no_backend_fails_the_request_with_that_reason() {
        LoadBalancerScenario scenario = pool(10, 2);
        LoadBalancerReport report = scenario.run((request, backends) -> null,
                Workload.openLoop(100).limit(10));
        assertEquals(Map.of("no backend available", 10L), report.errors());
    }

    @Test
    void a_policy_that_throws_is_reported_with_the_seed_and_time() {
        LoadBalancerScenario scenario = pool(11, 2);
        SimulationException e = assertThrows(SimulationException.class, () ->
                scenario.run((request, backends) -> backends.get(2), Workload.openLoop(100)
                        .limit(10)));
        assertInstanceOf(IndexOutOfBoundsException.class, e.getCause());
        assertTrue(e.getMessage().contains("(seed 11)"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s)your (\\w+\\(\\)|code) threw IndexOutOfBoundsException.* at \\w+\\.java:\\d+ while request #\\d+ from client-\\d+ arrived at t=.*"), e.getMessage());
    }

    @Test
    void a_server_removed_from_the_pool_leaves_the_policys_list_and_the_others_move_up() {
        LoadBalancerScenario scenario = pool(12, 4);
        scenario.removeServerAt(Time.seconds(1), 1);
        List<String> seenAfter = new java.util.ArrayList<>();
        RoundRobin rotation = new RoundRobin();
        LoadBalancer recording = (request, backends) -> {
            if (scenario.sim().now() >= Time.seconds(1)) {
                for (Backend backend : backends) {
                    assertEquals(backends.indexOf(backend), backend.index(), "index is the position in the list");
                }
                seenAfter.add(backends.stream().map(Backend::name).toList().toString());
            }
            return rotation.pick(request, backends);
        };
        LoadBalancerReport report = scenario.run(recording, Workload.openLoop(800), Time.seconds(2));
        assertEquals("[server-0, server-2, server-3]", seenAfter.get(0));
        assertTrue(report.requestsPerServer().get("server-1") > 0, "it kept the requests it got before");
        assertEquals(4, report.requestsPerServer().size(), "the report still lists the server that left");
        assertEquals(0, report.errorCount(), "requests it held when it left still finish");
        assertEquals(List.of(new Server.Change(Time.seconds(1), "left the pool")), scenario.server(1).history());
        assertEquals("server-1 left the pool", scenario.server(1).faults().get(0).label());
    }

    @Test
    void a_server_added_during_the_run_joins_at_its_time_and_a_removed_one_rejoins_in_its_place() {
        LoadBalancerScenario scenario = pool(13, 2);
        Server late = scenario.addServerAt(Time.seconds(1), "server-2").workers(4);
        scenario.removeServerAt(Time.ms(500), 0);
        scenario.pool().rejoinAt(Time.ms(1_500), scenario.server(0));
        Map<Long, String> lists = new java.util.TreeMap<>();
        LoadBalancer recording = (request, backends) -> {
            lists.putIfAbsent(scenario.sim().now() / Time.ms(500), backends.stream().map(Backend::name).toList().toString());
            return backends.get(backends.size() - 1);
        };
        scenario.run(recording, Workload.openLoop(400), Time.seconds(2));
        assertEquals(List.of("[server-0, server-1]", "[server-1]", "[server-1, server-2]", "[server-0, server-1, server-2]"),
                List.copyOf(lists.values()));
        assertTrue(scenario.pool().isMember(late));
        assertThrows(IllegalArgumentException.class, () -> scenario.addServer("server-1"));
    }

    @Test
    void a_weight_changed_at_runtime_is_seen_by_the_policy_from_then_on() {
        LoadBalancerScenario scenario = pool(14, 2);
        scenario.server(0).weight(3).weightAt(Time.seconds(1), 1);
        List<Integer> weights = new java.util.ArrayList<>();
        LoadBalancer recording = (request, backends) -> {
            weights.add(backends.get(0).weight());
            return backends.get(1);
        };
        scenario.run(recording, Workload.openLoop(100), Time.seconds(2));
        assertEquals(3, weights.get(0));
        assertEquals(1, weights.get(weights.size() - 1));
        assertEquals(List.of(new Server.Change(Time.seconds(1), "weight 1")), scenario.server(0).history());
    }
}
