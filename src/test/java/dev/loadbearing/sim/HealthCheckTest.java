package dev.loadbearing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.HealthCheck;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.server.ServerPool;
import dev.loadbearing.sim.workload.Workload;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    /** Least connections over the healthy backends, first of the tied. */
    private static final LoadBalancer LEAST_CONNECTIONS = (request, backends) -> {
        Backend best = null;
        for (Backend backend : backends) {
            if (backend.healthy() && (best == null || backend.active() < best.active())) {
                best = backend;
            }
        }
        return best;
    };

    private static ServerPool pool(Sim sim, int servers) {
        ServerPool pool = new ServerPool(sim).policy(LEAST_CONNECTIONS);
        pool.addServers(servers, server -> server.workers(4).serviceTime(Distribution.exponential(Time.ms(20))));
        return pool;
    }

    @Test
    void without_a_check_a_crash_is_known_at_once_and_with_one_only_when_the_probes_fail() {
        Sim sim = new Sim(1);
        ServerPool known = pool(sim, 2);
        known.server(0).crashAt(Time.seconds(10));
        sim.runFor(Time.seconds(10) + 1);
        assertFalse(known.backends().get(0).healthy(), "the omniscient default");

        for (long seed = 1; seed <= 10; seed++) {
            Sim probed = new Sim(seed);
            ServerPool pool = pool(probed, 2).healthCheck(HealthCheck.active());
            Server crashed = pool.server(0);
            crashed.crashAt(Time.seconds(30));
            long[] noticed = {-1};
            probed.every(Time.ms(10), "watch", () -> {
                if (noticed[0] < 0 && !pool.backends().get(0).healthy()) {
                    noticed[0] = probed.now();
                }
            });
            probed.runFor(Time.seconds(60));
            double after = Time.toSeconds(noticed[0] - Time.seconds(30));
            // Two failed probes 5 s apart, the first up to an interval after the crash; refused at once (down).
            assertTrue(after >= 5 && after <= 10.01, "seed " + seed + ": noticed " + after + " s after the crash");
            assertTrue(pool.backends().get(1).healthy());
            assertTrue(crashed.history().stream().anyMatch(c -> c.what().equals("marked unhealthy by its health check")));
        }
    }

    @Test
    void a_restarted_server_comes_back_after_enough_passed_probes() {
        Sim sim = new Sim(2);
        ServerPool pool = pool(sim, 2).healthCheck(HealthCheck.active());
        pool.server(1).crashAt(Time.seconds(10));
        pool.server(1).restartAt(Time.seconds(30));
        sim.runFor(Time.seconds(40));
        assertFalse(pool.backends().get(1).healthy(), "at 40 s at most two probes have passed since 30 s");
        sim.runFor(Time.seconds(10));
        assertTrue(pool.backends().get(1).healthy(), "three passes by 45 s");
    }

    @Test
    void a_server_that_fails_fast_draws_the_traffic_until_outlier_detection_ejects_it() {
        Map<Outcome, Integer> plain = run(HealthCheck.active());
        Map<Outcome, Integer> ejecting = run(HealthCheck.active().withOutlierDetection(5, Time.seconds(30)));
        int total = plain.values().stream().mapToInt(Integer::intValue).sum();
        int errors = plain.getOrDefault(Outcome.ERROR, 0);
        // 4 servers at 50% load; server-0 answers errors in 1 ms from 10 s: it is always the emptiest.
        assertTrue(errors > 0.15 * total, "until the probes notice, the black hole takes most requests: " + plain);
        int ejected = ejecting.getOrDefault(Outcome.ERROR, 0);
        assertTrue(ejected < errors / 10, "outlier detection ejects it within a few requests: " + ejecting);
    }

    private static Map<Outcome, Integer> run(HealthCheck check) {
        Sim sim = new Sim(3);
        ServerPool pool = pool(sim, 4).healthCheck(check);
        pool.server(0).failFastAt(Time.seconds(10), Time.ms(1));
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Workload.openLoop(400).start(sim, pool::submit, request -> outcomes.merge(request.outcome(), 1, Integer::sum));
        sim.runFor(Time.seconds(30));
        return outcomes;
    }

    @Test
    void a_server_too_slow_to_answer_probes_in_time_is_marked_unhealthy() {
        Sim sim = new Sim(4);
        ServerPool pool = pool(sim, 2).healthCheck(new HealthCheck(Time.seconds(2), Time.ms(200), 2, 2, 0, 0));
        pool.server(0).slowDownAt(Time.seconds(5), 100);   // 2 s a request
        sim.runFor(Time.seconds(20));
        assertFalse(pool.backends().get(0).healthy());
        assertTrue(pool.backends().get(1).healthy());
        Request probeLike = new Request(-5, dev.loadbearing.sim.server.Client.numbered(0), 0, 0);
        assertEquals("/health", probeLike.path());
        assertTrue(List.of(Outcome.values()).contains(Outcome.ERROR));
    }
}
