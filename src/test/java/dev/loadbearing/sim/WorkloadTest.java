package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.metrics.Metrics;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.workload.OpenLoop;
import dev.loadbearing.sim.workload.Workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    /** A server with enough workers that nothing ever queues. */
    private static Server unlimited(Sim sim, double serviceMs) {
        return new Server(sim, "s").workers(10_000)
                .serviceTime(Distribution.constant(Time.ms(serviceMs)));
    }

    @Test
    void open_loop_sends_at_its_rate() {
        Sim sim = new Sim(1);
        Metrics metrics = new Metrics(sim);
        Workload load = Workload.openLoop(1_000);
        load.start(sim, unlimited(sim, 1)::submit, metrics);
        sim.runFor(Time.seconds(100));
        assertEquals(100_000, load.issued(), 1_000);
    }

    @Test
    void open_loop_stops_at_its_limit() {
        Sim sim = new Sim(1);
        Workload load = Workload.openLoop(1_000).limit(500);
        load.start(sim, unlimited(sim, 1)::submit, r -> { });
        sim.run();
        assertEquals(500, load.issued());
        assertEquals(500, load.completed());
    }

    @Test
    void a_burst_multiplies_the_rate_during_its_window() {
        Sim sim = new Sim(2);
        List<Long> times = new ArrayList<>();
        OpenLoop load = Workload.openLoop(1_000).burst(Time.seconds(10), Time.seconds(10), 5);
        load.start(sim, request -> times.add(request.createdAt()), r -> { });
        sim.runFor(Time.seconds(30));
        long during = times.stream().filter(t -> t >= Time.seconds(10) && t < Time.seconds(20))
                .count();
        long before = times.stream().filter(t -> t < Time.seconds(10)).count();
        assertEquals(50_000, during, 1_000);
        assertEquals(10_000, before, 400);
        assertEquals(5_000, load.rateAt(Time.seconds(15)));
    }

    @Test
    void a_daily_curve_shapes_traffic_by_hour() {
        Sim sim = new Sim(3);
        double[] curve = new double[24];
        for (int h = 0; h < 24; h++) {
            curve[h] = h < 12 ? 0.5 : 2;
        }
        long[] perHalfDay = new long[2];
        Workload.openLoop(10).dailyCurve(curve)
                .start(sim, r -> perHalfDay[r.createdAt() < Time.hours(12) ? 0 : 1]++, r -> { });
        sim.runFor(Time.hours(24));
        assertEquals(10 * 0.5 * 12 * 3600, perHalfDay[0], 2_000);
        assertEquals(10 * 2 * 12 * 3600, perHalfDay[1], 4_000);
    }

    @Test
    void a_profile_joins_its_points_with_straight_lines_and_holds_the_last() {
        Sim sim = new Sim(4);
        OpenLoop load = Workload.openLoop(100).profile(Time.seconds(100), 0.5, 2, 1);
        assertEquals(50, load.rateAt(0), 1e-9);
        assertEquals(125, load.rateAt(Time.seconds(50)), 1e-9);
        assertEquals(200, load.rateAt(Time.seconds(100)), 1e-9);
        assertEquals(150, load.rateAt(Time.seconds(150)), 1e-9);
        assertEquals(100, load.rateAt(Time.seconds(900)), 1e-9);
        long[] perStretch = new long[3];
        load.start(sim, r -> perStretch[(int) Math.min(2, r.createdAt() / Time.seconds(100))]++, r -> { });
        sim.runFor(Time.seconds(300));
        assertEquals(100 * 1.25 * 100, perStretch[0], 400, "the mean of 50/s and 200/s over 100 s");
        assertEquals(100 * 1.5 * 100, perStretch[1], 400);
        assertEquals(100 * 100, perStretch[2], 400);
        assertThrows(IllegalArgumentException.class, () -> Workload.openLoop(1).profile(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Workload.openLoop(1).profile(Time.SECOND, 1, -1));
    }

    @Test
    void closed_loop_throughput_follows_littles_law() {
        Sim sim = new Sim(4);
        Metrics metrics = new Metrics(sim);
        Workload.closedLoop(50, Distribution.exponential(Time.ms(90)))
                .start(sim, unlimited(sim, 10)::submit, metrics);
        sim.runFor(Time.seconds(200));
        double expected = 50 / 0.100; // users / (think + service) = 500 per second
        assertEquals(expected, metrics.throughput(), expected * 0.02);
    }

    @Test
    void a_saturated_closed_loop_runs_at_server_speed_and_queues_the_rest() {
        Sim sim = new Sim(5);
        Metrics metrics = new Metrics(sim);
        Server server = new Server(sim, "s").serviceTime(Distribution.constant(Time.ms(10)));
        Workload.closedLoop(20, Distribution.constant(0)).start(sim, server::submit, metrics);
        sim.runFor(Time.seconds(100));
        assertEquals(100, metrics.throughput(), 1);
        // Little's law: response time = users / throughput = 200 ms
        assertEquals(200, metrics.latency().summary().meanMs(), 2);
    }

    @Test
    void clients_have_identities_and_a_hot_client_sends_most_traffic() {
        Sim sim = new Sim(6);
        Map<String, Integer> perIp = new HashMap<>();
        Workload.openLoop(1_000).clients(100, 1.2).limit(20_000)
                .start(sim, r -> perIp.merge(r.clientIp(), 1, Integer::sum), r -> { });
        sim.run();
        assertTrue(perIp.keySet().stream().allMatch(ip -> ip.matches("10\\.0\\.0\\.\\d+")));
        assertEquals(100, perIp.size());
        int hottest = perIp.get("10.0.0.0");
        assertTrue(hottest > 20_000 * 0.25, "client 0 sent " + hottest);
    }

    @Test
    void a_hot_client_sends_its_share_and_the_others_share_the_rest_equally() {
        Sim sim = new Sim(8);
        Map<String, Integer> perIp = new HashMap<>();
        Workload.openLoop(1_000).clients(50, 0).hotClient(0.3).limit(50_000)
                .start(sim, r -> perIp.merge(r.clientIp(), 1, Integer::sum), r -> { });
        sim.run();
        assertEquals(50, perIp.size());
        assertEquals(0.30, perIp.get("10.0.0.0") / 50_000.0, 0.01);
        double others = 0.70 * 50_000 / 49;
        assertTrue(perIp.entrySet().stream().filter(e -> !e.getKey().equals("10.0.0.0"))
                .allMatch(e -> Math.abs(e.getValue() - others) < others * 0.15), perIp.toString());
        assertThrows(IllegalArgumentException.class, () -> Workload.openLoop(1).hotClient(1));
    }

    @Test
    void keys_follow_zipf_popularity() {
        Sim sim = new Sim(7);
        int[] perKey = new int[1_001];
        Workload.openLoop(1_000).keys(1_000, 1.0).limit(100_000)
                .start(sim, r -> perKey[r.key()]++, r -> { });
        sim.run();
        Zipf zipf = new Zipf(1_000, 1.0);
        assertEquals(100_000 * zipf.probability(1), perKey[1], 600);
        assertEquals(perKey[1] / 10.0, perKey[10], 250);
        assertEquals("/items/10", new Request(1, Client.numbered(0), 10, 0).path());
    }

    @Test
    void a_closed_loop_user_is_always_the_same_client() {
        Sim sim = new Sim(8);
        Map<Long, String> ipOfRequest = new HashMap<>();
        List<String> seen = new ArrayList<>();
        Server instant = new Server(sim, "instant").workers(3).serviceTime(Distribution.constant(0));
        Workload.closedLoop(3, Distribution.constant(Time.ms(5)))
                .start(sim, r -> {
                    ipOfRequest.put(r.id(), r.clientIp());
                    seen.add(r.client().name());
                    instant.submit(r);
                }, r -> { });
        sim.runFor(Time.ms(100));
        assertEquals(List.of("client-0", "client-1", "client-2"), seen.stream().distinct().sorted().toList());
        assertEquals(seen.size(), ipOfRequest.size());
    }
}
