package dev.loadbearing.sim.scale;

import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.server.ServerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A fleet of identical instances behind a load balancer, resized during the run by an
 * {@link Autoscaler}: a cloud's auto-scaling group. Every {@linkplain #window(long) window} the
 * fleet closes a {@link FleetWindow} of measurements, hands it to the autoscaler and carries out
 * its {@link Scaling}:
 * <ul>
 * <li>new instances are billed from launch but serve only after the {@linkplain #bootDelay(long)
 * boot delay};
 * <li>terminated instances stop taking requests at once and finish what they hold (booting ones
 * are terminated first, then the newest);
 * <li>a resize restarts the instances one at a time, each out of service for the
 * {@linkplain #restartDelay(long) restart delay}, so a fleet of one goes dark meanwhile;
 * <li>no more than the {@linkplain #quota(int) quota} of instances exist at once.
 * </ul>
 * Requests go to the serving instance holding the fewest, ties broken at random (stream
 * {@code fleet/balancer}); with none serving they fail at once with {@link Outcome#NO_BACKEND}.
 *
 * <pre>{@code
 * Fleet fleet = new Fleet(sim)
 *         .instances(server -> server.serviceTime(Distribution.erlang(4, Time.ms(80))).queueCapacity(200))
 *         .baseWorkers(2);
 * fleet.start(2, learnerAutoscaler, Time.minutes(30));
 * Workload.openLoop(40).profile(Time.seconds(100), 0.3, 1, 2, 1, 0.4)
 *         .start(sim, fleet::submit, fleet::record);
 * sim.runFor(Time.minutes(30));
 * double cost = fleet.cost();
 * }</pre>
 */
public final class Fleet {
    private enum State { BOOTING, RUNNING, RESTARTING, TERMINATED }

    private final class Instance {
        final Server server;
        InstanceType type;
        State state;
        long billedFrom;
        double cost;

        Instance(Server server, InstanceType type, State state) {
            this.server = server;
            this.type = type;
            this.state = state;
            this.billedFrom = sim.now();
        }

        /** Adds what the instance has cost at its current size since it was last billed. */
        void bill() {
            cost += unbilled();
            billedFrom = Math.max(billedFrom, Math.min(sim.now(), end));
        }

        double costSoFar() {
            return state == State.TERMINATED ? cost : cost + unbilled();
        }

        private double unbilled() {
            long until = Math.min(sim.now(), end);
            return type.hourlyPrice() * Math.max(0, until - billedFrom) / (double) Time.HOUR;
        }
    }

    /**
     * A change the fleet carried out.
     *
     * @param time when, in nanoseconds since the start of the run
     * @param what such as {@code "2 -> 5 instances"} or {@code "resize small -> large"}
     */
    public record Change(long time, String what) {
    }

    private final Sim sim;
    private final ServerPool pool;
    private final List<Instance> instances = new ArrayList<>();
    private final List<FleetWindow> windows = new ArrayList<>();
    private final List<Latencies> windowLatencies = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private Consumer<Server> configure = server -> { };
    private int baseWorkers = 1;
    private InstanceType type = InstanceType.SMALL;
    private long bootDelay = Time.seconds(60);
    private long restartDelay = Time.seconds(30);
    private long window = Time.seconds(15);
    private int quota = 100;

    private Autoscaler scaler;
    private long end = Long.MAX_VALUE;
    private boolean started;
    private boolean rolling;

    private long windowStart;
    private long arrived;
    private long served;
    private long errors;
    private Latencies latencies = Latencies.coarse();
    private int servingWorkers;
    private long workerNanos;
    private long lastChange;
    private long busyMark;
    private long darkNanos;

    /**
     * Creates an empty fleet; configure it, then {@link #start(int, Autoscaler, long)} it.
     *
     * @param sim the simulation it runs in
     */
    public Fleet(Sim sim) {
        this.sim = Objects.requireNonNull(sim, "sim");
        RandomStream ties = sim.random("fleet/balancer");
        this.pool = new ServerPool(sim).policy(fewestActive(ties));
    }

    private static LoadBalancer fewestActive(RandomStream ties) {
        return (request, backends) -> {
            Backend best = null;
            int bestActive = Integer.MAX_VALUE;
            int tied = 0;
            for (Backend backend : backends) {
                int active = backend.active();
                if (active < bestActive) {
                    best = backend;
                    bestActive = active;
                    tied = 1;
                } else if (active == bestActive && ties.nextInt(++tied) == 0) {
                    best = backend;
                }
            }
            return best;
        };
    }

    // ------------------------------------------------------------------------- configuration

    /**
     * Sets how each new instance's server is configured: service time, queue, timeout. Its
     * worker count is the fleet's to set, from {@link #baseWorkers(int)} and the instance type.
     *
     * @param configuration applied to each instance's server when it is launched
     * @return this fleet
     */
    public Fleet instances(Consumer<Server> configuration) {
        this.configure = Objects.requireNonNull(configuration, "configuration");
        return this;
    }

    /**
     * Sets the workers of a small instance; larger types have {@link InstanceType#capacity()}
     * times as many.
     *
     * @param workers at least one
     * @return this fleet
     */
    public Fleet baseWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("an instance needs at least one worker");
        }
        this.baseWorkers = workers;
        return this;
    }

    /**
     * Sets the size the fleet starts with.
     *
     * @param initial the instance type
     * @return this fleet
     */
    public Fleet type(InstanceType initial) {
        this.type = Objects.requireNonNull(initial, "type");
        return this;
    }

    /**
     * Sets how long a launched instance boots before it serves (60 s by default).
     *
     * @param nanos at least zero
     * @return this fleet
     */
    public Fleet bootDelay(long nanos) {
        this.bootDelay = nonNegative(nanos, "boot delay");
        return this;
    }

    /**
     * Sets how long an instance is out of service while it changes size (30 s by default).
     *
     * @param nanos at least zero
     * @return this fleet
     */
    public Fleet restartDelay(long nanos) {
        this.restartDelay = nonNegative(nanos, "restart delay");
        return this;
    }

    /**
     * Sets the measurement window: how often the autoscaler is asked (15 s by default).
     *
     * @param nanos more than zero
     * @return this fleet
     */
    public Fleet window(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("the window must be positive");
        }
        this.window = nanos;
        return this;
    }

    /**
     * Sets the most instances that may exist at once (100 by default).
     *
     * @param instances at least one
     * @return this fleet
     */
    public Fleet quota(int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("the quota must be at least one instance");
        }
        this.quota = instances;
        return this;
    }

    private static long nonNegative(long nanos, String what) {
        if (nanos < 0) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return nanos;
    }

    // ------------------------------------------------------------------------- running

    /**
     * Starts the fleet now with instances already serving, and asks the autoscaler at the end
     * of every window until {@code duration} has passed; billing stops then too.
     *
     * @param initial instances serving from the start, at least zero and at most the quota
     * @param autoscaler asked after every window
     * @param duration how long the run lasts, in nanoseconds
     */
    public void start(int initial, Autoscaler autoscaler, long duration) {
        if (started) {
            throw new IllegalStateException("the fleet has already started");
        }
        if (initial < 0 || initial > quota) {
            throw new IllegalArgumentException("start with 0 to " + quota + " instances, not " + initial);
        }
        this.scaler = Objects.requireNonNull(autoscaler, "autoscaler");
        started = true;
        windowStart = sim.now();
        lastChange = sim.now();
        end = sim.now() + duration;
        for (int i = 0; i < initial; i++) {
            Instance instance = launch(State.RUNNING);
            serve(instance);
        }
        scheduleWindow();
    }

    private void scheduleWindow() {
        long next = windowStart + window;
        if (next <= end) {
            sim.at(next, "the fleet closes a window and asks the autoscaler", this::closeWindow);
        }
    }

    /**
     * Routes a request to a serving instance: use as a workload's destination.
     *
     * @param request the request
     */
    public void submit(Request request) {
        if (!started) {
            throw new IllegalStateException("start the fleet before submitting requests");
        }
        arrived++;
        pool.submit(request);
    }

    /**
     * Counts a finished request in the current window: use as a workload's outcome listener.
     *
     * @param request a finished request
     */
    public void record(Request request) {
        if (request.outcome() == Outcome.OK) {
            served++;
            latencies.record(request.latency());
        } else {
            errors++;
        }
    }

    private Instance launch(State state) {
        Server server = pool.addStandby("instance-" + instances.size());
        configure.accept(server);
        server.workers(baseWorkers * type.capacity());
        Instance instance = new Instance(server, type, state);
        instances.add(instance);
        return instance;
    }

    private void serve(Instance instance) {
        accrue();
        instance.state = State.RUNNING;
        servingWorkers += instance.server.workers();
        pool.join(instance.server);
    }

    private void stopServing(Instance instance, State next) {
        accrue();
        if (instance.state == State.RUNNING) {
            servingWorkers -= instance.server.workers();
            pool.leave(instance.server);
        }
        instance.state = next;
    }

    private void accrue() {
        long now = Math.min(sim.now(), end);
        if (now > lastChange) {
            workerNanos += servingWorkers * (now - lastChange);
            if (servingWorkers == 0) {
                darkNanos += now - lastChange;
            }
            lastChange = now;
        }
    }

    private void closeWindow() {
        accrue();
        long busy = 0;
        int running = 0;
        int booting = 0;
        int restarting = 0;
        for (Instance instance : instances) {
            busy += instance.server.busyNanos();
            switch (instance.state) {
                case RUNNING -> running++;
                case BOOTING -> booting++;
                case RESTARTING -> restarting++;
                default -> { }
            }
        }
        double utilization = workerNanos == 0 ? 0 : Math.min(1, (busy - busyMark) / (double) workerNanos);
        FleetWindow measured = new FleetWindow(windowStart, sim.now(), arrived, served, errors,
                Time.toMillis(latencies.percentile(50)), Time.toMillis(latencies.percentile(95)),
                Time.toMillis(latencies.percentile(99)), utilization, running, booting, restarting, type);
        windows.add(measured);
        windowLatencies.add(latencies);
        latencies = Latencies.coarse();
        arrived = 0;
        served = 0;
        errors = 0;
        workerNanos = 0;
        busyMark = busy;
        windowStart = sim.now();
        if (sim.now() + window <= end) {
            Scaling decision = scaler.decide(measured);
            if (decision == null) {
                throw new IllegalStateException("decide() returned null; return Scaling.hold() to keep the fleet as it is");
            }
            carryOut(decision);
        }
        scheduleWindow();
    }

    private void carryOut(Scaling decision) {
        switch (decision.kind()) {
            case HOLD -> { }
            case TO -> resizeTo(decision.instances());
            case RESIZE -> changeType(decision.type());
            default -> throw new IllegalStateException("unknown decision " + decision);
        }
    }

    private List<Instance> live() {
        List<Instance> live = new ArrayList<>();
        for (Instance instance : instances) {
            if (instance.state != State.TERMINATED) {
                live.add(instance);
            }
        }
        return live;
    }

    private void resizeTo(int wanted) {
        int target = Math.min(wanted, quota);
        List<Instance> live = live();
        int before = live.size();
        if (target == before) {
            return;
        }
        if (target > before) {
            for (int i = before; i < target; i++) {
                Instance instance = launch(State.BOOTING);
                sim.after(bootDelay, instance.server.name() + " finishes booting", () -> booted(instance));
            }
        } else {
            int excess = before - target;
            for (State state : new State[] {State.BOOTING, State.RUNNING, State.RESTARTING}) {
                for (int i = live.size() - 1; i >= 0 && excess > 0; i--) {
                    Instance instance = live.get(i);
                    if (instance.state == state) {
                        instance.bill();
                        stopServing(instance, State.TERMINATED);
                        excess--;
                    }
                }
            }
        }
        changes.add(new Change(sim.now(), before + " -> " + target + " instances"
                + (wanted > quota ? " (the quota is " + quota + ")" : "")));
    }

    private void booted(Instance instance) {
        if (instance.state == State.BOOTING) {
            serve(instance);
        }
    }

    private void changeType(InstanceType next) {
        if (next == type) {
            return;
        }
        changes.add(new Change(sim.now(), "resize " + type + " -> " + next));
        type = next;
        for (Instance instance : instances) {
            if (instance.state == State.BOOTING) {
                setType(instance, next);
            }
        }
        if (!rolling) {
            restartNext();
        }
    }

    private void setType(Instance instance, InstanceType next) {
        instance.bill();
        instance.type = next;
        instance.server.workers(baseWorkers * next.capacity());
    }

    private void restartNext() {
        rolling = false;
        for (Instance instance : instances) {
            if (instance.state == State.RUNNING && instance.type != type) {
                rolling = true;
                stopServing(instance, State.RESTARTING);
                sim.after(restartDelay, instance.server.name() + " restarts as " + type, () -> restarted(instance));
                return;
            }
        }
    }

    private void restarted(Instance instance) {
        if (instance.state == State.RESTARTING) {
            setType(instance, type);
            serve(instance);
        }
        restartNext();
    }

    // ------------------------------------------------------------------------- results

    /**
     * Returns the windows closed so far, oldest first.
     *
     * @return the measurements the autoscaler was given
     */
    public List<FleetWindow> windows() {
        return List.copyOf(windows);
    }

    /**
     * Returns the latencies of each closed window's successful answers, in the order of
     * {@link #windows()}; merge them for percentiles over any span.
     *
     * @return one recorder per window (two significant digits)
     */
    public List<Latencies> windowLatencies() {
        return List.copyOf(windowLatencies);
    }

    /**
     * Returns the changes carried out, oldest first: each launch or termination decision and
     * each resize.
     *
     * @return the changes
     */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /**
     * Returns what the instances cost so far: each instance's hourly price times the hours from
     * its launch to its termination (or to now, or to the end of the run).
     *
     * @return the cost, in the units of {@link InstanceType#hourlyPrice()}
     */
    public double cost() {
        double total = 0;
        for (Instance instance : instances) {
            total += instance.costSoFar();
        }
        return total;
    }

    /**
     * Returns how long no instance was serving, since the start.
     *
     * @return nanoseconds with every request failing
     */
    public long darkNanos() {
        accrue();
        return darkNanos;
    }

    /**
     * Returns how many instances have been launched, the initial ones included.
     *
     * @return instances ever launched
     */
    public int launched() {
        return instances.size();
    }

    // ------------------------------------------------------------------------- figures

    /**
     * Draws the instances serving and the instances in all (booting and restarting included)
     * at the end of every window, plus any further lines, such as what a perfect autoscaler
     * would have run.
     *
     * @param title the chart's title
     * @param more further lines
     * @return the chart
     */
    public TimeSeriesChart instancesChart(String title, TimeSeriesChart.Series... more) {
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        series.add(perWindow("serving", window -> window.running()));
        series.add(perWindow("launched (booting included)", window -> window.instances()));
        series.addAll(List.of(more));
        return new TimeSeriesChart(title, "instances", series, List.of());
    }

    /**
     * Draws each window's p95 latency against a target.
     *
     * @param title the chart's title
     * @param targetMs the target, drawn as a flat line
     * @return the chart
     */
    public TimeSeriesChart latencyChart(String title, double targetMs) {
        return new TimeSeriesChart(title, "latency (ms)", List.of(
                perWindow("p95", FleetWindow::p95Ms),
                perWindow(String.format(Locale.ROOT, "target %.0f ms", targetMs), window -> targetMs)),
                List.of());
    }

    /**
     * Draws each window's arrivals, successful answers and errors per second.
     *
     * @param title the chart's title
     * @return the chart
     */
    public TimeSeriesChart loadChart(String title) {
        return new TimeSeriesChart(title, "requests per second", List.of(
                perWindow("arriving", FleetWindow::requestsPerSecond),
                perWindow("served", window -> window.served() / window.seconds()),
                perWindow("failed", window -> window.errors() / window.seconds())),
                List.of());
    }

    private TimeSeriesChart.Series perWindow(String name, java.util.function.ToDoubleFunction<FleetWindow> value) {
        List<Double> seconds = new ArrayList<>(windows.size());
        List<Double> values = new ArrayList<>(windows.size());
        for (FleetWindow measured : windows) {
            seconds.add(Time.toSeconds(measured.end()));
            values.add(value.applyAsDouble(measured));
        }
        return new TimeSeriesChart.Series(name, seconds, values);
    }
}
