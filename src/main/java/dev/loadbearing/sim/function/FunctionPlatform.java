package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.server.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A function-as-a-service platform running one function: instances that each serve one
 * invocation at a time, started on demand and reaped when idle, billed by the GB-second.
 * <ul>
 * <li>An invocation takes an idle instance if there is one (a <b>warm start</b>: provisioned
 * instances first, then the most recently used on-demand one).
 * <li>Otherwise, below the {@linkplain #concurrencyLimit(int) concurrency limit}, it starts a new
 * instance and waits for it: a <b>cold start</b> of the platform's part
 * ({@linkplain #coldStart(Distribution) downloading the code and starting the runtime}), then
 * the function's {@link FunctionCode#init} (or a fixed {@linkplain #initTime(Distribution) init
 * time}), then the handler.
 * <li>At the limit, it is <b>throttled</b>: refused at once, as a 429.
 * <li>An on-demand instance idle for the {@linkplain #idleTimeout(long) idle timeout} is reaped,
 * so a function nobody calls runs no instance at all: it scales to zero.
 * <li>A {@link ProvisioningPolicy}, asked every {@linkplain #window(long) window}, sets the
 * <b>provisioned concurrency</b>: instances initialised ahead of demand and never reaped, which
 * take the cold start off the request path and are billed for every second they exist.
 * </ul>
 * Billing follows the shape of a public cloud's list prices ({@link Prices#LIST}): on-demand
 * instances pay GB-seconds of init and handler time, provisioned ones a lower rate for every
 * second they exist plus a lower rate for the time they execute, and every invocation a request
 * fee.
 *
 * <pre>{@code
 * FunctionPlatform platform = new FunctionPlatform(sim)
 *         .handlerTime(Distribution.erlang(3, Time.ms(200)))
 *         .coldStart(Distribution.uniform(Time.ms(600), Time.ms(1000)))
 *         .idleTimeout(Time.minutes(2));
 * platform.start(window -> 5, Time.minutes(30));
 * Workload.openLoop(40).profile(Time.minutes(3), 0.2, 1, 2, 1, 0.2)
 *         .start(sim, platform::submit, request -> { });
 * sim.runFor(Time.minutes(30));
 * platform.bill().total();
 * }</pre>
 */
public final class FunctionPlatform {
    /**
     * Prices per GB-second and per million requests.
     *
     * @param perGbSecond on-demand execution (init included), per GB-second
     * @param provisionedPerGbSecond provisioned concurrency, per GB-second it exists
     * @param provisionedExecutionPerGbSecond execution on a provisioned instance, per GB-second
     * @param perMillionRequests every invocation
     */
    public record Prices(double perGbSecond, double provisionedPerGbSecond, double provisionedExecutionPerGbSecond,
            double perMillionRequests) {
        /**
         * AWS Lambda's list prices for x86 in us-east-1 as published at the time of writing
         * (dollars): 0.0000166667 per GB-second on demand, 0.0000041667 per GB-second of
         * provisioned concurrency, 0.0000097222 per GB-second executed on it, 0.20 per million
         * requests. They change; the pricing page is the authority.
         */
        public static final Prices LIST = new Prices(0.0000166667, 0.0000041667, 0.0000097222, 0.20);
    }

    /**
     * What a run cost, in the units of {@link Prices}.
     *
     * @param requests the request fees
     * @param onDemand on-demand GB-seconds times their price
     * @param provisioned provisioned GB-seconds (kept warm, busy or not) times their price
     * @param provisionedExecution GB-seconds executed on provisioned instances times their price
     * @param onDemandGbSeconds on-demand GB-seconds (init and handler time)
     * @param provisionedGbSeconds provisioned GB-seconds
     */
    public record Bill(double requests, double onDemand, double provisioned, double provisionedExecution,
            double onDemandGbSeconds, double provisionedGbSeconds) {
        /**
         * Returns the total.
         *
         * @return every part added up
         */
        public double total() {
            return requests + onDemand + provisioned + provisionedExecution;
        }
    }

    /**
     * A run's numbers.
     *
     * @param invocations requests that arrived
     * @param served invocations that finished without failing
     * @param coldStarts invocations that waited for a new instance
     * @param throttled invocations refused at the concurrency limit
     * @param errors invocations that ran and failed
     * @param launched instances started, provisioned ones included
     * @param peakInstances the most instances alive at once
     * @param peakConcurrency the most invocations running at once
     */
    public record Stats(long invocations, long served, long coldStarts, long throttled, long errors, int launched,
            int peakInstances, int peakConcurrency) {
        /**
         * Returns the share of invocations that were cold starts.
         *
         * @return cold starts / invocations (0 with none)
         */
        public double coldStartRate() {
            return invocations == 0 ? 0 : coldStarts / (double) invocations;
        }
    }

    private enum State { STARTING, IDLE, BUSY, GONE }

    private final class Instance {
        final String name;
        final boolean provisioned;
        final long launchedAt;
        final FunctionCode code;
        State state = State.STARTING;
        long idleSince;
        boolean retire;

        Instance(String name, boolean provisioned, FunctionCode code) {
            this.name = name;
            this.provisioned = provisioned;
            this.launchedAt = sim.now();
            this.code = code;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final class Job {
        final Request request;
        final Instance instance;
        final long initNanos;
        Invocation invocation;
        Database.Charge charge;
        long handlerNanos;

        Job(Request request, Instance instance, long initNanos) {
            this.request = request;
            this.instance = instance;
            this.initNanos = initNanos;
        }

        @Override
        public String toString() {
            return "request #" + request.id() + " on " + instance.name;
        }
    }

    private final Sim sim;
    private final RandomStream handlerRandom;
    private final RandomStream initRandom;
    private Distribution handlerTime = Distribution.erlang(3, Time.ms(100));
    private Distribution coldStart = Distribution.uniform(Time.ms(300), Time.ms(700));
    private Distribution initTime = Distribution.constant(0);
    private long idleTimeout = Time.minutes(5);
    private int limit = 1000;
    private long window = Time.minutes(1);
    private int memoryMb = 1024;
    private Prices prices = Prices.LIST;
    private Supplier<FunctionCode> code;
    private Database database;

    private ProvisioningPolicy policy;
    private boolean started;
    private long end = Long.MAX_VALUE;
    private final ArrayDeque<Instance> idleProvisioned = new ArrayDeque<>();
    private final ArrayDeque<Instance> idleOnDemand = new ArrayDeque<>();
    private final List<Instance> provisionedLive = new ArrayList<>();
    private final List<FunctionWindow> windows = new ArrayList<>();
    private final Latencies all = Latencies.coarse();
    private int provisionedTarget;
    private int live;
    private int launched;
    private int peakInstances;
    private int running;
    private int peakRunning;
    private long invocations;
    private long served;
    private long coldStarts;
    private long throttled;
    private long errors;
    private double onDemandGbs;
    private double provisionedGbs;
    private double provisionedExecGbs;

    private long windowStart;
    private long wInvocations;
    private long wCold;
    private long wThrottled;
    private long wErrors;
    private int wPeak;
    private long second = -1;
    private long inSecond;
    private long wPeakRps;
    private long wHandlerNanos;
    private long wFinished;
    private double wRunningNanos;
    private long lastChange;
    private Latencies wLatencies = Latencies.coarse();

    private final Action<Job> startHandler = this::startHandler;
    private final Action<Job> finish = this::finish;
    private final Action<Instance> ready = this::ready;
    private final Action<Instance> reapIfIdle = this::reapIfIdle;

    /**
     * Creates a platform; configure it, then {@link #start(ProvisioningPolicy, long)} it.
     *
     * @param sim the simulation it runs in
     */
    public FunctionPlatform(Sim sim) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.handlerRandom = sim.random("function/handler");
        this.initRandom = sim.random("function/init");
    }

    // ------------------------------------------------------------------------- configuration

    /**
     * Sets how long the handler runs per invocation, besides the connections it opens (an
     * Erlang-3 around 100 ms by default).
     *
     * @param distribution nanoseconds
     * @return this platform
     */
    public FunctionPlatform handlerTime(Distribution distribution) {
        this.handlerTime = Objects.requireNonNull(distribution, "handler time");
        return this;
    }

    /**
     * Sets the platform's part of a cold start: placing the instance, downloading the code and
     * starting the runtime (300 to 700 ms by default).
     *
     * @param distribution nanoseconds
     * @return this platform
     */
    public FunctionPlatform coldStart(Distribution distribution) {
        this.coldStart = Objects.requireNonNull(distribution, "cold start");
        return this;
    }

    /**
     * Sets how long the function's own initialisation takes, besides the connections its
     * {@link FunctionCode#init} opens (none by default).
     *
     * @param distribution nanoseconds
     * @return this platform
     */
    public FunctionPlatform initTime(Distribution distribution) {
        this.initTime = Objects.requireNonNull(distribution, "init time");
        return this;
    }

    /**
     * Sets how long an on-demand instance may sit idle before it is reaped (5 minutes by default).
     *
     * @param nanos more than zero
     * @return this platform
     */
    public FunctionPlatform idleTimeout(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        this.idleTimeout = nanos;
        return this;
    }

    /**
     * Sets the most instances alive at once (1,000 by default, an account's usual limit); a
     * function's {@link FunctionCode#reservedConcurrency(int)} lowers it.
     *
     * @param instances at least one
     * @return this platform
     */
    public FunctionPlatform concurrencyLimit(int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("the concurrency limit must be at least one");
        }
        this.limit = instances;
        return this;
    }

    /**
     * Sets how often the provisioning policy is asked (every minute by default).
     *
     * @param nanos more than zero
     * @return this platform
     */
    public FunctionPlatform window(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("the window must be positive");
        }
        this.window = nanos;
        return this;
    }

    /**
     * Sets the memory each instance is given, which GB-seconds are billed by (1,024 MB by default).
     *
     * @param megabytes 128 to 10,240
     * @return this platform
     */
    public FunctionPlatform memoryMb(int megabytes) {
        if (megabytes < 128 || megabytes > 10240) {
            throw new IllegalArgumentException("memory must be 128 to 10240 MB, not " + megabytes);
        }
        this.memoryMb = megabytes;
        return this;
    }

    /**
     * Sets the prices ({@link Prices#LIST} by default).
     *
     * @param list the prices
     * @return this platform
     */
    public FunctionPlatform prices(Prices list) {
        this.prices = Objects.requireNonNull(list, "prices");
        return this;
    }

    /**
     * Runs a function's code: one object per instance, made when the instance starts, its
     * {@code init} run during the cold start and its {@code handle} for each invocation. Its
     * {@link FunctionCode#reservedConcurrency(int)} is asked at once and lowers the limit.
     *
     * @param perInstance makes the code of each new instance
     * @param db the database the code talks to
     * @return this platform
     */
    public FunctionPlatform code(Supplier<FunctionCode> perInstance, Database db) {
        this.code = Objects.requireNonNull(perInstance, "code");
        this.database = Objects.requireNonNull(db, "database");
        FunctionCode probe = perInstance.get();
        int reserved = probe.reservedConcurrency(db.connectionLimit());
        if (reserved < 1) {
            throw new IllegalArgumentException("reservedConcurrency() returned " + reserved
                    + ": a function needs at least one instance (Integer.MAX_VALUE for no limit of its own)");
        }
        limit = Math.min(limit, reserved);
        return this;
    }

    // ------------------------------------------------------------------------- running

    /**
     * Starts the platform now with no instance, asks the policy at the end of every window, and
     * stops billing after {@code duration}.
     *
     * @param provisioning the policy, or {@code null} for no provisioned concurrency
     * @param duration how long the run lasts, in nanoseconds
     */
    public void start(ProvisioningPolicy provisioning, long duration) {
        if (started) {
            throw new IllegalStateException("the platform has already started");
        }
        started = true;
        policy = provisioning;
        windowStart = sim.now();
        lastChange = sim.now();
        end = sim.now() + duration;
        scheduleWindow();
    }

    private void scheduleWindow() {
        long next = windowStart + window;
        if (next <= end) {
            sim.at(next, "the platform closes a window and asks the provisioning policy", this::closeWindow);
        }
    }

    /**
     * Invokes the function for a request: use as a workload's destination.
     *
     * @param request the request
     */
    public void submit(Request request) {
        if (!started) {
            throw new IllegalStateException("start the platform before invoking the function");
        }
        invocations++;
        wInvocations++;
        long now = sim.now() / Time.SECOND;
        if (now != second) {
            second = now;
            inSecond = 0;
        }
        wPeakRps = Math.max(wPeakRps, ++inSecond);
        Instance instance = idleProvisioned.pollLast();
        if (instance == null) {
            instance = idleOnDemand.pollLast();
        }
        if (instance != null) {
            busy(instance);
            Job job = new Job(request, instance, 0);
            startHandler(job);
            return;
        }
        if (live >= limit) {
            throttled++;
            wThrottled++;
            return;
        }
        instance = launch(false);
        busy(instance);
        coldStarts++;
        wCold++;
        long init = initialise(instance);
        Job job = new Job(request, instance, init);
        sim.schedule(sim.now() + init, "handler starts after a cold start: ", startHandler, job);
    }

    private Instance launch(boolean provisioned) {
        Instance instance = new Instance("instance-" + launched, provisioned, code == null ? null : code.get());
        launched++;
        live++;
        peakInstances = Math.max(peakInstances, live);
        return instance;
    }

    /** Runs the instance's init now and returns how long its cold start takes. */
    private long initialise(Instance instance) {
        long nanos = coldStart.sampleNanos(initRandom) + initTime.sampleNanos(initRandom);
        if (instance.code != null) {
            Database.Charge charge = new Database.Charge(instance, true);
            database.bind(charge);
            sim.during(instance, "started");
            try {
                instance.code.init(new Context(instance));
            } finally {
                database.bind(null);
            }
            nanos += charge.nanos;
        }
        return nanos;
    }

    private final class Context implements InstanceContext {
        private final Instance instance;

        Context(Instance instance) {
            this.instance = instance;
        }

        @Override
        public String name() {
            return instance.name;
        }

        @Override
        public Database database() {
            return database;
        }
    }

    private void busy(Instance instance) {
        accrue();
        instance.state = State.BUSY;
        running++;
        peakRunning = Math.max(peakRunning, running);
        wPeak = Math.max(wPeak, running);
    }

    private void accrue() {
        long now = Math.min(sim.now(), end);
        if (now > lastChange) {
            wRunningNanos += running * (double) (now - lastChange);
            lastChange = now;
        }
    }

    private void startHandler(Job job) {
        long nanos = handlerTime.sampleNanos(handlerRandom);
        if (job.instance.code != null) {
            job.invocation = new Invocation(job.request.id(), job.initNanos > 0, database);
            job.charge = new Database.Charge(job.instance, false);
            database.bind(job.charge);
            sim.during(job.invocation, "arrived");
            try {
                job.instance.code.handle(job.invocation);
            } finally {
                database.bind(null);
            }
            nanos += job.charge.nanos;
        }
        job.handlerNanos = nanos;
        sim.schedule(sim.now() + nanos, "invocation finishes: ", finish, job);
    }

    private void finish(Job job) {
        if (job.charge != null) {
            database.finish(job.charge);
        }
        Instance instance = job.instance;
        double gb = memoryMb / 1024.0;
        if (sim.now() <= end) {
            if (instance.provisioned) {
                provisionedExecGbs += gb * Time.toSeconds(job.handlerNanos);
            } else {
                onDemandGbs += gb * Time.toSeconds(job.handlerNanos + job.initNanos);
            }
        }
        boolean failed = job.invocation != null && job.invocation.failed;
        if (failed) {
            errors++;
            wErrors++;
        } else {
            served++;
        }
        wHandlerNanos += job.handlerNanos;
        wFinished++;
        long latency = sim.now() - job.request.createdAt();
        all.record(latency);
        wLatencies.record(latency);
        accrue();
        running--;
        if (instance.retire) {
            destroy(instance);
            return;
        }
        instance.state = State.IDLE;
        instance.idleSince = sim.now();
        if (instance.provisioned) {
            idleProvisioned.addLast(instance);
        } else {
            idleOnDemand.addLast(instance);
            sim.schedule(sim.now() + idleTimeout, "the platform reaps an idle ", reapIfIdle, instance);
        }
    }

    private void reapIfIdle(Instance instance) {
        if (instance.state == State.IDLE && sim.now() - instance.idleSince >= idleTimeout) {
            idleOnDemand.remove(instance);
            destroy(instance);
        }
    }

    private void destroy(Instance instance) {
        instance.state = State.GONE;
        live--;
        if (instance.provisioned) {
            provisionedLive.remove(instance);
            provisionedGbs += keptWarm(instance);
        }
        if (database != null) {
            database.abandon(instance);
        }
    }

    private double keptWarm(Instance instance) {
        long until = Math.min(sim.now(), end);
        return memoryMb / 1024.0 * Math.max(0, Time.toSeconds(until - Math.min(instance.launchedAt, until)));
    }

    private void ready(Instance instance) {
        if (instance.state == State.STARTING) {
            instance.state = State.IDLE;
            instance.idleSince = sim.now();
            idleProvisioned.addLast(instance);
        }
    }

    private void closeWindow() {
        accrue();
        int ready = 0;
        for (Instance instance : provisionedLive) {
            if (instance.state != State.STARTING) {
                ready++;
            }
        }
        double seconds = (sim.now() - windowStart) / (double) Time.SECOND;
        FunctionWindow measured = new FunctionWindow(windowStart, sim.now(), wInvocations, wCold, wThrottled, wErrors,
                Time.toMillis(wLatencies.percentile(50)), Time.toMillis(wLatencies.percentile(99)), wPeakRps,
                wFinished == 0 ? 0 : Time.toMillis(wHandlerNanos) / wFinished, wPeak,
                wRunningNanos / Time.SECOND / seconds, provisionedTarget, ready, live - provisionedLive.size());
        windows.add(measured);
        wLatencies = Latencies.coarse();
        wInvocations = 0;
        wCold = 0;
        wThrottled = 0;
        wErrors = 0;
        wPeak = running;
        wPeakRps = 0;
        wHandlerNanos = 0;
        wFinished = 0;
        wRunningNanos = 0;
        windowStart = sim.now();
        if (policy != null && sim.now() + window <= end) {
            provision(policy.decide(measured));
        }
        scheduleWindow();
    }

    /**
     * Sets the provisioned concurrency now, as a policy's answer does: new provisioned instances
     * initialise (the cold start's time, off the request path) and then wait; fewer are removed,
     * starting ones first, then idle ones, then busy ones once they finish.
     *
     * @param wanted instances, at least zero; capped at the concurrency limit
     */
    public void provision(int wanted) {
        if (wanted < 0) {
            throw new IllegalArgumentException("decide() returned " + wanted
                    + " provisioned instances; return 0 or more");
        }
        int target = Math.min(wanted, limit);
        provisionedTarget = target;
        int current = 0;
        for (Instance instance : provisionedLive) {
            if (!instance.retire) {
                current++;
            }
        }
        for (int i = current; i < target; i++) {
            Instance instance = launch(true);
            provisionedLive.add(instance);
            long init = initialise(instance);
            sim.schedule(sim.now() + init, "provisioned instance is ready: ", ready, instance);
        }
        int excess = current - target;
        for (State state : new State[] {State.STARTING, State.IDLE, State.BUSY}) {
            for (int i = provisionedLive.size() - 1; i >= 0 && excess > 0; i--) {
                Instance instance = provisionedLive.get(i);
                if (instance.state == state && !instance.retire) {
                    excess--;
                    if (state == State.BUSY) {
                        instance.retire = true;
                    } else {
                        idleProvisioned.remove(instance);
                        destroy(instance);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------- results

    /**
     * Returns what the run has cost so far.
     *
     * @return the bill
     */
    public Bill bill() {
        double warm = provisionedGbs;
        for (Instance instance : provisionedLive) {
            warm += keptWarm(instance);
        }
        return new Bill(invocations * prices.perMillionRequests() / 1e6, onDemandGbs * prices.perGbSecond(),
                warm * prices.provisionedPerGbSecond(), provisionedExecGbs * prices.provisionedExecutionPerGbSecond(),
                onDemandGbs, warm);
    }

    /**
     * Returns the run's numbers so far.
     *
     * @return the stats
     */
    public Stats stats() {
        return new Stats(invocations, served, coldStarts, throttled, errors, launched, peakInstances, peakRunning);
    }

    /**
     * Returns the latencies of every finished invocation, cold starts included.
     *
     * @return a recorder (two significant digits)
     */
    public Latencies latencies() {
        return all;
    }

    /**
     * Returns the windows closed so far, oldest first.
     *
     * @return what the policy was given
     */
    public List<FunctionWindow> windows() {
        return List.copyOf(windows);
    }

    /**
     * Returns the concurrency limit in force (the platform's, lowered by the function's
     * reserved concurrency).
     *
     * @return instances
     */
    public int concurrencyLimit() {
        return limit;
    }

    /**
     * Returns the instances alive now, provisioned and on-demand, busy or idle.
     *
     * @return instances
     */
    public int instances() {
        return live;
    }

    // ------------------------------------------------------------------------- figures

    /**
     * Draws each window's peak and mean concurrency and the provisioned concurrency, plus any
     * further lines.
     *
     * @param title the chart's title
     * @param more further lines, such as what an oracle policy provisions
     * @return the chart
     */
    public TimeSeriesChart concurrencyChart(String title, TimeSeriesChart.Series... more) {
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        series.add(perWindow("peak concurrency", FunctionWindow::peakConcurrency));
        series.add(perWindow("mean concurrency", FunctionWindow::meanConcurrency));
        series.add(perWindow("provisioned", FunctionWindow::provisioned));
        series.addAll(List.of(more));
        return new TimeSeriesChart(title, "instances", series, List.of());
    }

    /**
     * Draws each window's cold starts and throttles per second.
     *
     * @param title the chart's title
     * @return the chart
     */
    public TimeSeriesChart coldStartChart(String title) {
        return new TimeSeriesChart(title, "per second", List.of(
                perWindow("invocations", FunctionWindow::requestsPerSecond),
                perWindow("cold starts", window -> window.coldStarts() / window.seconds()),
                perWindow("throttled", window -> window.throttled() / window.seconds())), List.of());
    }

    /**
     * Draws each window's p99 latency against a target.
     *
     * @param title the chart's title
     * @param targetMs the target
     * @return the chart
     */
    public TimeSeriesChart latencyChart(String title, double targetMs) {
        return new TimeSeriesChart(title, "latency (ms)", List.of(
                perWindow("p99", FunctionWindow::p99Ms),
                perWindow("p50", FunctionWindow::p50Ms),
                perWindow(String.format(Locale.ROOT, "target %.0f ms", targetMs), window -> targetMs)), List.of());
    }

    private TimeSeriesChart.Series perWindow(String name, ToDoubleFunction<FunctionWindow> value) {
        List<Double> seconds = new ArrayList<>(windows.size());
        List<Double> values = new ArrayList<>(windows.size());
        for (FunctionWindow measured : windows) {
            seconds.add(Time.toSeconds(measured.end()));
            values.add(value.applyAsDouble(measured));
        }
        return new TimeSeriesChart.Series(name, seconds, values);
    }
}
