package dev.loadbearing.sim.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.server.ServerPool;
import dev.loadbearing.sim.server.ServerStats;
import dev.loadbearing.sim.store.Cache;
import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every model reports faults as {@code List<Fault>} and numbers as a stats record; metrics measure steady state. */
class ModelShapeTest {

    @Test
    void servers_caches_databases_and_networks_report_faults_the_same_way() {
        Sim sim = new Sim(1);
        Server server = new Server(sim, "s");
        server.crashAt(Time.seconds(1));
        server.restartAt(Time.seconds(2));
        server.slowDownAt(Time.seconds(3), 5);
        Cache<String, String> cache = new Cache<>(sim, "c");
        cache.crashAt(Time.seconds(1));
        Datastore<Integer> db = new Datastore<>(sim, "db");
        db.crashAt(Time.seconds(1));
        db.restartAt(Time.seconds(4));
        Network net = new Network(sim);
        sim.at(Time.seconds(1), "cut", () -> net.partition("a", "b"));
        sim.at(Time.seconds(2), "heal", net::heal);
        sim.runFor(Time.seconds(5));

        assertEquals(List.of(new Fault("s down", Time.seconds(1), Time.seconds(2)),
                new Fault("s slow down 5.0x", Time.seconds(3), -1)), server.faults());
        assertEquals(List.of(new Fault("c down", Time.seconds(1), -1)), cache.faults());
        assertEquals(List.of(new Fault("db down", Time.seconds(1), Time.seconds(4))), db.faults());
        assertEquals(List.of(new Fault("partition [a] | [b]", Time.seconds(1), Time.seconds(2))), net.faults());
    }

    @Test
    void stats_are_records_that_match_the_getters() {
        Sim sim = new Sim(2);
        Server server = new Server(sim, "s").workers(1).queueCapacity(0).serviceTime(Distribution.constant(Time.ms(10)));
        Metrics metrics = new Metrics(sim);
        Workload.openLoop(200).limit(1_000).start(sim, server::submit, metrics);
        sim.run();
        ServerStats stats = server.stats();
        assertEquals(1_000, stats.arrived());
        assertEquals(server.count(Outcome.OK), stats.count(Outcome.OK));
        assertEquals(server.count(Outcome.QUEUE_FULL), stats.count(Outcome.QUEUE_FULL));
        assertTrue(stats.count(Outcome.QUEUE_FULL) > 0, stats::toString);
        assertEquals(List.of(Outcome.values()), List.copyOf(stats.outcomes().keySet()), "outcomes in declaration order");

        Cache<String, String> cache = new Cache<>(sim, "c");
        cache.put("k", "v", null);
        cache.get("k", null);
        cache.get("x", null);
        sim.run();
        assertEquals(1, cache.stats().hits());
        assertEquals(1, cache.stats().misses());
        assertEquals(0.5, cache.stats().hitRatio());
    }

    @Test
    void a_warm_up_leaves_out_the_cold_start_and_a_reset_starts_afresh() {
        Sim sim = new Sim(3);
        // 100 ms service for the first second, 10 ms afterwards: the warm-up hides the slow start.
        Server server = new Server(sim, "s").workers(50).serviceTime(Distribution.constant(Time.ms(100)));
        sim.at(Time.seconds(1), "warm", () -> server.serviceTime(Distribution.constant(Time.ms(10))));
        Metrics all = new Metrics(sim);
        Metrics steady = new Metrics(sim).warmUp(Time.seconds(1));
        Workload.openLoop(100).start(sim, server::submit, r -> {
            all.record(r);
            steady.record(r);
        });
        sim.runFor(Time.seconds(3));
        assertEquals(100, all.latency().percentile(99) / 1e6, 1);
        assertEquals(10, steady.latency().percentile(99) / 1e6, 0.1);
        assertEquals(100, steady.throughput(), 15);

        steady.reset();
        assertEquals(0, steady.latency().count());
        assertEquals(0, steady.total());
        sim.runFor(Time.seconds(1));
        assertEquals(100, steady.latency().count(), 25);
    }

    @Test
    void latency_recorders_merge() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 1; i <= 100; i++) {
            a.record(Time.ms(i));
            b.record(Time.ms(100 + i));
        }
        Latencies all = Latencies.merged(List.of(a, b));
        assertEquals(200, all.count());
        assertEquals(Time.ms(100.5), all.mean(), 1);
        assertEquals(100, all.percentile(50) / 1e6, 0.2);
        assertEquals(100, a.count(), "merging leaves the parts alone");
    }

    @Test
    void a_coarse_recorder_is_within_one_percent_and_caps_at_an_hour() {
        Latencies coarse = Latencies.coarse();
        Latencies fine = new Latencies();
        for (int i = 1; i <= 10_000; i++) {
            long nanos = Time.micros(37L * i);
            coarse.record(nanos);
            fine.record(nanos);
        }
        for (double p : new double[] {50, 95, 99}) {
            assertEquals(fine.percentile(p), coarse.percentile(p), fine.percentile(p) * 0.01, "p" + p);
        }
        assertEquals(fine.mean(), coarse.mean(), 1e-6, "the mean is exact in both");
        coarse.record(Time.hours(5));
        assertEquals(Time.HOUR, coarse.max(), Time.HOUR * 0.01, "five hours count as the hour it tells apart");
        Latencies merged = Latencies.coarse().add(coarse);
        assertEquals(10_001, merged.count());
    }

    @Test
    void a_server_pool_balances_without_a_scenario() {
        Sim sim = new Sim(4);
        int[] next = {0};
        LoadBalancer turns = (request, backends) -> backends.get(next[0]++ % backends.size());
        ServerPool pool = new ServerPool(sim).policy(turns);
        pool.addServers(3, s -> s.workers(4).serviceTime(Distribution.constant(Time.ms(5))));
        Metrics metrics = new Metrics(sim);
        Workload.openLoop(300).limit(300).start(sim, pool::submit, metrics);
        sim.run();
        assertEquals(List.of(100L, 100L, 100L), pool.backends().stream().map(Backend::picks).toList());
        assertEquals(5.0, pool.backends().get(0).recentLatencyMs(), 0.01);
        assertEquals(300, metrics.count(Outcome.OK));
    }
}
