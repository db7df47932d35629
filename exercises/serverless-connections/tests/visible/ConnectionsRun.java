import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.function.Database;
import dev.loadbearing.sim.function.FunctionCode;
import dev.loadbearing.sim.function.FunctionPlatform;
import dev.loadbearing.sim.function.FunctionWindow;
import dev.loadbearing.sim.workload.Workload;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Eighty seconds of an orders function in front of a database that accepts 40 to 80 connections:
 * 20 s at the usual traffic (about a quarter of the database's limit in concurrency), then 40 s
 * at ten times it (a marketing email), then 20 s back to usual. Invocations run 150-250 ms
 * besides their connections; a connection takes 25 ms to open; a cold start is 300-600 ms.
 */
final class ConnectionsRun {
    static final long SURGE_START = Time.seconds(20);
    static final long SURGE_END = Time.seconds(60);
    static final long END = Time.seconds(80);
    static final double SURGE = 10;
    static final double MIN_SURGE_SHARE = 0.6;
    static final double MAX_OPENED_PER_INVOCATION = 0.05;
    static final double MAX_USUAL_THROTTLED = 0.005;

    record Setup(long seed, int limit, double handlerMs, double usualConcurrency) {
        static Setup of(long seed) {
            SplittableRandom random = new SplittableRandom(seed * 104729 + 3);
            int limit = 40 + random.nextInt(41);
            double handlerMs = 150 + 100 * random.nextDouble();
            double usual = limit * (0.2 + 0.1 * random.nextDouble());
            return new Setup(seed, limit, handlerMs, usual);
        }

        double usualRate() {
            return usualConcurrency / (handlerMs / 1000);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "seed %d (a database of %d connections, usually %.0f invocations at once, "
                    + "%.0f ms each)", seed, limit, usualConcurrency, handlerMs);
        }
    }

    private static final Map<Long, ConnectionsRun> RUNS = new HashMap<>();

    static ConnectionsRun of(long seed, Supplier<FunctionCode> code) {
        return RUNS.computeIfAbsent(seed, key -> new ConnectionsRun(Setup.of(seed), code));
    }

    final Setup setup;
    final Database db;
    final FunctionPlatform platform;
    final List<FunctionWindow> windows;

    ConnectionsRun(Setup setup, Supplier<FunctionCode> code) {
        this.setup = setup;
        Sim sim = new Sim(setup.seed);
        db = new Database(sim, "the orders database", setup.limit);
        platform = new FunctionPlatform(sim)
                .handlerTime(Distribution.erlang(3, Time.ms(setup.handlerMs)))
                .coldStart(Distribution.uniform(Time.ms(300), Time.ms(600)))
                .idleTimeout(Time.seconds(30))
                .window(Time.seconds(5))
                .code(code, db);
        platform.start(null, END);
        Workload.openLoop(setup.usualRate())
                .profile(Time.seconds(1), usualThenSurge())
                .start(sim, platform::submit, request -> { });
        sim.runFor(END);
        windows = platform.windows();
    }

    private static double[] usualThenSurge() {
        double[] shape = new double[(int) (END / Time.SECOND) + 1];
        for (int s = 0; s < shape.length; s++) {
            long t = s * Time.SECOND;
            shape[s] = t >= SURGE_START && t < SURGE_END ? SURGE : 1;
        }
        return shape;
    }

    private boolean inSurge(FunctionWindow window) {
        return window.start() >= SURGE_START && window.start() < SURGE_END;
    }

    /** The windows well away from the surge (its ramps take a second each way). */
    private boolean usual(FunctionWindow window) {
        return window.end() < SURGE_START || window.start() >= SURGE_END + Time.seconds(5);
    }

    // ------------------------------------------------------------------------- checks

    void assertUsualLoadServed() {
        long invocations = 0;
        long throttled = 0;
        long errors = 0;
        for (FunctionWindow window : windows) {
            if (usual(window)) {
                invocations += window.invocations();
                throttled += window.throttled();
                errors += window.errors();
            }
        }
        if (errors > 0) {
            fail(String.format(Locale.ROOT, "at the usual traffic %d of %d invocations failed: their query found no "
                    + "open connection. %s", errors, invocations, connectionAdvice()));
        }
        if (throttled > MAX_USUAL_THROTTLED * invocations) {
            fail(String.format(Locale.ROOT, "at the usual traffic (about %.0f invocations at once) %d of %d were "
                    + "throttled: the reserved concurrency of %d is below what the function usually needs. Cap "
                    + "it near what the database can hold, not far below", setup.usualConcurrency, throttled,
                    invocations, platform.concurrencyLimit()));
        }
    }

    void assertDatabaseHolds() {
        if (db.refused() > 0 || db.peakOpen() > setup.limit || platform.stats().errors() > 0) {
            fail(String.format(Locale.ROOT, "at ten times the usual concurrency the database refused %d connections "
                    + "(it accepts %d; %d were open at the peak) and %d invocations failed. %s", db.refused(),
                    setup.limit, db.peakOpen(), platform.stats().errors(), connectionAdvice()));
        }
    }

    private String connectionAdvice() {
        long invocations = Math.max(1, platform.stats().invocations());
        if (db.foreignUses() > 0) {
            return String.format(Locale.ROOT, "%d queries used a connection that another instance opened (a static "
                    + "field?) and failed: every instance is a separate sandbox with its own memory, so each must "
                    + "open its own connection, in init(), and keep it in an instance field", db.foreignUses());
        }
        if (db.opened() > invocations / 2) {
            return String.format(Locale.ROOT, "%d connections were opened for %d invocations: a connection per "
                    + "invocation that is not closed stays open after the instance is frozen, and each running "
                    + "instance holds one anyway. Open them once per instance, in init()", db.opened(), invocations);
        }
        if (platform.concurrencyLimit() > setup.limit) {
            return String.format(Locale.ROOT, "The platform ran up to %d instances, each with its connections, "
                    + "against a database that accepts %d: the number of instances follows the traffic. Cap the "
                    + "function's concurrency below the database's limit with reservedConcurrency()",
                    platform.stats().peakInstances(), setup.limit);
        }
        return String.format(Locale.ROOT, "The cap of %d instances is not enough if each holds more than one "
                + "connection: an instance serves one invocation at a time, so a pool of one is all it can use",
                platform.concurrencyLimit());
    }

    void assertReuse() {
        long invocations = Math.max(1, platform.stats().invocations());
        double perInvocation = db.opened() / (double) invocations;
        if (perInvocation > MAX_OPENED_PER_INVOCATION) {
            fail(String.format(Locale.ROOT, "%d connections were opened for %d invocations (%.2f each; at most %.2f): "
                    + "every invocation pays the 25 ms connect and the database pays the handshake. Create the "
                    + "connection (a pool of one) in init(), outside the handler, keep it in a field, and reuse it",
                    db.opened(), invocations, perInvocation, MAX_OPENED_PER_INVOCATION));
        }
        if (db.queries() < platform.stats().served()) {
            fail(String.format(Locale.ROOT, "%d invocations succeeded but only %d queries ran: every invocation must "
                    + "query the database", platform.stats().served(), db.queries()));
        }
    }

    void assertSurgeServed() {
        if (platform.stats().errors() > 0) {
            fail(String.format(Locale.ROOT, "what the surge served counts only when no invocation fails, and %d "
                    + "failed. Pass the database test first", platform.stats().errors()));
        }
        long served = 0;
        double seconds = 0;
        for (FunctionWindow window : windows) {
            if (inSurge(window)) {
                served += window.invocations() - window.throttled() - window.errors();
                seconds += window.seconds();
            }
        }
        double capacity = setup.limit / (setup.handlerMs / 1000);
        double rate = served / seconds;
        if (rate < MIN_SURGE_SHARE * capacity) {
            fail(String.format(Locale.ROOT, "during the surge the function served %.0f invocations per second; the "
                    + "database's %d connections could carry about %.0f (one invocation of %.0f ms per connection). "
                    + "At least %.0f%% of that is expected: a cap far below the database's limit throttles work "
                    + "it could have done", rate, setup.limit, capacity, setup.handlerMs, 100 * MIN_SURGE_SHARE));
        }
    }

    private void fail(String message) {
        throw new AssertionError(setup + ": " + message);
    }

    void attachFigures() {
        Figures.attach(
                db.connectionsChart("Connections open at the orders database (" + setup + ")", END),
                platform.coldStartChart("Invocations, cold starts and throttles per second (seed " + setup.seed + ")"));
    }
}
