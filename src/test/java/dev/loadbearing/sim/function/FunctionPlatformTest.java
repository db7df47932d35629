package dev.loadbearing.sim.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.workload.Workload;
import org.junit.jupiter.api.Test;

class FunctionPlatformTest {
    private static final Client CLIENT = new Client(0, "client-0", "10.0.0.1");

    private static FunctionPlatform fixed(Sim sim) {
        return new FunctionPlatform(sim)
                .handlerTime(Distribution.constant(Time.ms(100)))
                .coldStart(Distribution.constant(Time.ms(500)))
                .idleTimeout(Time.seconds(10));
    }

    private static long ids;

    private static void invokeAt(Sim sim, FunctionPlatform platform, long time, int count) {
        sim.at(time, "invoke", () -> {
            for (int i = 0; i < count; i++) {
                platform.submit(new Request(++ids, CLIENT, 0, sim.now()));
            }
        });
    }

    @Test
    void a_second_invocation_reuses_the_warm_instance_and_a_cold_one_waits_for_the_start() {
        Sim sim = new Sim(1);
        FunctionPlatform platform = fixed(sim);
        platform.start(null, Time.minutes(1));
        invokeAt(sim, platform, Time.seconds(1), 1);
        invokeAt(sim, platform, Time.seconds(2), 1);
        sim.runFor(Time.seconds(5));
        FunctionPlatform.Stats stats = platform.stats();
        assertEquals(2, stats.invocations());
        assertEquals(1, stats.coldStarts());
        assertEquals(1, stats.launched());
        assertEquals(600, Time.toMillis(platform.latencies().max()), 10);   // 500 ms start + 100 ms handler
    }

    @Test
    void an_idle_instance_is_reaped_after_the_idle_timeout_so_the_function_scales_to_zero() {
        Sim sim = new Sim(2);
        FunctionPlatform platform = fixed(sim);
        platform.start(null, Time.minutes(1));
        invokeAt(sim, platform, Time.seconds(1), 3);
        sim.runFor(Time.seconds(5));
        assertEquals(3, platform.instances());
        sim.runFor(Time.seconds(10));
        assertEquals(0, platform.instances());
        invokeAt(sim, platform, Time.seconds(20), 1);
        sim.runFor(Time.seconds(10));
        assertEquals(4, platform.stats().coldStarts());
    }

    @Test
    void beyond_the_concurrency_limit_invocations_are_throttled_at_once() {
        Sim sim = new Sim(3);
        FunctionPlatform platform = fixed(sim).concurrencyLimit(5);
        platform.start(null, Time.minutes(1));
        invokeAt(sim, platform, Time.seconds(1), 20);
        sim.runFor(Time.seconds(5));
        assertEquals(15, platform.stats().throttled());
        assertEquals(5, platform.stats().served());
    }

    @Test
    void provisioned_instances_take_the_cold_start_off_the_request_path_and_are_billed_while_they_exist() {
        Sim sim = new Sim(4);
        FunctionPlatform platform = fixed(sim).memoryMb(2048).window(Time.seconds(10));
        platform.start(window -> 8, Time.seconds(60));
        invokeAt(sim, platform, Time.seconds(15), 8);   // after the first window: 8 provisioned and ready
        sim.runFor(Time.seconds(60));
        assertEquals(0, platform.stats().coldStarts());
        FunctionPlatform.Bill bill = platform.bill();
        // 8 instances x 2 GB from t = 10 s to the end at 60 s
        assertEquals(8 * 2 * 50.0, bill.provisionedGbSeconds(), 1e-6);
        assertEquals(8 * 2 * 50.0 * FunctionPlatform.Prices.LIST.provisionedPerGbSecond(), bill.provisioned(), 1e-12);
        assertEquals(8 * 2 * 0.1 * FunctionPlatform.Prices.LIST.provisionedExecutionPerGbSecond(),
                bill.provisionedExecution(), 1e-12);
        assertEquals(0, bill.onDemandGbSeconds(), 1e-12);
    }

    @Test
    void on_demand_gb_seconds_count_the_cold_start_and_every_handler_run() {
        Sim sim = new Sim(5);
        FunctionPlatform platform = fixed(sim).memoryMb(512);
        platform.start(null, Time.minutes(1));
        for (int i = 0; i < 10; i++) {
            invokeAt(sim, platform, Time.seconds(1 + i), 1);
        }
        sim.runFor(Time.seconds(30));
        // one instance: 0.5 s start once, 10 x 0.1 s handler, at 0.5 GB
        assertEquals(0.5 * (0.5 + 1.0), platform.bill().onDemandGbSeconds(), 1e-9);
        assertEquals(10 * 0.20 / 1e6, platform.bill().requests(), 1e-15);
    }

    @Test
    void a_burst_starts_more_instances_than_its_warm_traffic_needs() {
        Sim sim = new Sim(6);
        FunctionPlatform platform = new FunctionPlatform(sim)
                .handlerTime(Distribution.constant(Time.ms(200)))
                .coldStart(Distribution.constant(Time.ms(1500)));
        platform.start(null, Time.seconds(20));
        Workload.openLoop(100).limit(1000).start(sim, platform::submit, request -> { });
        sim.runFor(Time.seconds(20));
        // warm, 100/s x 0.2 s = 20 instances; while the first ones start, every arrival starts one
        assertTrue(platform.stats().launched() > 100, "launched " + platform.stats().launched());
    }

    /** Opens a connection per invocation and never closes it. */
    static final class Leaky implements FunctionCode {
        @Override
        public void init(InstanceContext instance) {
        }

        @Override
        public void handle(Invocation invocation) {
            invocation.query(invocation.database().connect());
        }
    }

    /** One connection per instance, made in init, and a concurrency cap under the database's limit. */
    static final class Pooled implements FunctionCode {
        private ConnectionPool pool;

        @Override
        public void init(InstanceContext instance) {
            pool = instance.database().pool(1);
        }

        @Override
        public void handle(Invocation invocation) {
            invocation.query(pool);
        }

        @Override
        public int reservedConcurrency(int databaseConnectionLimit) {
            return databaseConnectionLimit * 8 / 10;
        }
    }

    private static FunctionPlatform withCode(Sim sim, FunctionCode code, Database db) {
        FunctionPlatform platform = new FunctionPlatform(sim)
                .handlerTime(Distribution.erlang(3, Time.ms(100)))
                .coldStart(Distribution.constant(Time.ms(300)))
                .code(code instanceof Leaky ? Leaky::new : Pooled::new, db);
        platform.start(null, Time.seconds(30));
        Workload.openLoop(500).start(sim, platform::submit, request -> { });
        sim.runFor(Time.seconds(30));
        return platform;
    }

    @Test
    void a_connection_per_invocation_exhausts_the_database_and_fails_invocations() {
        Sim sim = new Sim(7);
        Database db = new Database(sim, "orders-db", 100);
        FunctionPlatform platform = withCode(sim, new Leaky(), db);
        assertEquals(100, db.peakOpen());
        assertTrue(db.refused() > 1000, "refused " + db.refused());
        assertTrue(platform.stats().errors() > platform.stats().served(), platform.stats().toString());
    }

    @Test
    void a_pool_made_in_init_and_a_concurrency_cap_keep_the_database_under_its_limit() {
        Sim sim = new Sim(8);
        Database db = new Database(sim, "orders-db", 100);
        FunctionPlatform platform = withCode(sim, new Pooled(), db);
        assertEquals(80, platform.concurrencyLimit());
        assertTrue(db.peakOpen() <= 80, "peak " + db.peakOpen());
        assertEquals(0, db.refused());
        assertEquals(0, platform.stats().errors());
        assertTrue(db.opened() <= 80, "opened " + db.opened());   // one per instance, reused
        long served = platform.stats().served();
        assertTrue(db.queries() >= served && db.queries() <= served + 80, db.queries() + " queries for " + served);  // the last ones still run
    }

    @Test
    void the_same_seed_gives_the_same_run() {
        long[] first = run(9);
        long[] second = run(9);
        assertEquals(first[0], second[0]);
        assertEquals(first[1], second[1]);
        assertEquals(first[2], second[2]);
    }

    private static long[] run(long seed) {
        Sim sim = new Sim(seed);
        FunctionPlatform platform = new FunctionPlatform(sim).idleTimeout(Time.seconds(5)).window(Time.seconds(10));
        platform.start(window -> window.peakConcurrency() / 2, Time.seconds(60));
        Workload.openLoop(50).profile(Time.seconds(10), 0.2, 1, 3, 0.5, 1).start(sim, platform::submit, request -> { });
        sim.runFor(Time.seconds(60));
        return new long[] {platform.stats().coldStarts(), platform.stats().launched(),
                Double.doubleToLongBits(platform.bill().total())};
    }
}
