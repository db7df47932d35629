package dev.loadbearing.sim.scenario;

import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.metrics.LatencySummary;
import dev.loadbearing.sim.metrics.Metrics;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.server.ServerPool;
import dev.loadbearing.sim.workload.Workload;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.Timeline;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Drives a workload through a load-balancing policy into a pool of servers and measures what the
 * policy does. Test authors build the pool and its faults; the policy is the learner's.
 *
 * <pre>{@code
 * LoadBalancerScenario scenario = new LoadBalancerScenario(42);
 * scenario.addServers(4, server -> server.workers(4)
 *         .serviceTime(Distribution.exponential(Time.ms(10))));
 * scenario.server(0).slowDownAt(Time.seconds(20), 5);
 * LoadBalancerReport report = scenario.run(policy, Workload.openLoop(1_200), Time.seconds(60));
 * report.share("server-0");
 * }</pre>
 */
public final class LoadBalancerScenario {
    private final Sim sim;
    private final ServerPool pool;
    private boolean ran;

    /**
     * Creates an empty scenario in a new simulation.
     *
     * @param seed the simulation's seed
     */
    public LoadBalancerScenario(long seed) {
        this.sim = new Sim(seed);
        this.pool = new ServerPool(sim);
    }

    /**
     * Returns the pool of servers the policy balances over.
     *
     * @return the pool
     */
    public ServerPool pool() {
        return pool;
    }

    /**
     * Returns the simulation, to schedule more events or register invariants.
     *
     * @return the simulation
     */
    public Sim sim() {
        return sim;
    }

    /**
     * Adds a server with default settings (see {@link Server#Server(Sim, String)}).
     *
     * @param name its name
     * @return the server, to configure
     */
    public Server addServer(String name) {
        return pool.add(name);
    }

    /**
     * Adds servers named {@code server-<i>}, numbered on from those already there.
     *
     * @param count how many
     * @param configure applied to each new server
     * @return the new servers
     */
    public List<Server> addServers(int count, Consumer<Server> configure) {
        return pool.addServers(count, configure);
    }

    /**
     * Returns the server at a position.
     *
     * @param index from 0, in the order servers were added
     * @return the server
     */
    public Server server(int index) {
        return pool.server(index);
    }

    /**
     * Adds a server now, to configure, that joins the pool at a given time (see
     * {@link ServerPool#addAt(long, String)}).
     *
     * @param time when it joins, in nanoseconds
     * @param name its name
     * @return the server
     */
    public Server addServerAt(long time, String name) {
        return pool.addAt(time, name);
    }

    /**
     * Takes a server out of the pool at a given time (see {@link ServerPool#removeAt(long, Server)}).
     *
     * @param time nanoseconds since the start of the run
     * @param index the server's position in the order servers were added
     */
    public void removeServerAt(long time, int index) {
        pool.removeAt(time, pool.server(index));
    }

    /**
     * Returns every server in the order they were added (the order backends have).
     *
     * @return the servers
     */
    public List<Server> servers() {
        return pool.servers();
    }

    /**
     * Runs the workload for a span of virtual time, then stops it and lets requests in flight
     * finish; every request sent is counted.
     *
     * @param policy the load balancer under test
     * @param workload the clients
     * @param duration how long clients send requests, in nanoseconds
     * @return what happened
     */
    public LoadBalancerReport run(LoadBalancer policy, Workload workload, long duration) {
        return execute(policy, workload, duration);
    }

    /**
     * Runs until the workload has sent its {@linkplain Workload#limit(long) limit} of requests
     * and all of them have an outcome.
     *
     * @param policy the load balancer under test
     * @param workload the clients, with a limit
     * @return what happened
     */
    public LoadBalancerReport run(LoadBalancer policy, Workload workload) {
        return execute(policy, workload, -1);
    }

    private LoadBalancerReport execute(LoadBalancer policy, Workload workload, long duration) {
        Objects.requireNonNull(policy, "policy");
        if (ran) {
            throw new IllegalStateException("a scenario runs once; create a new one");
        }
        if (pool.servers().isEmpty()) {
            throw new IllegalStateException("add servers before running the scenario");
        }
        ran = true;
        pool.policy(policy);
        Metrics metrics = new Metrics(sim);
        pool.servers().forEach(metrics::watch);
        workload.start(sim, pool::submit, metrics);
        if (duration >= 0) {
            sim.runFor(duration);
            workload.stop();
        } else {
            sim.runUntil(() -> !workload.canSend(), Long.MAX_VALUE - sim.now());
        }
        long sendingEnded = sim.now();
        sim.runUntil(() -> workload.completed() == workload.issued(), Long.MAX_VALUE - sim.now());
        metrics.stopWatching();
        return report(policy, workload, metrics, pool.everyBackend(), sendingEnded);
    }

    private LoadBalancerReport report(LoadBalancer policy, Workload workload, Metrics metrics,
            List<Backend> backends, long sendingEnded) {
        Map<String, Long> perServer = new LinkedHashMap<>();
        Map<String, LatencySummary> latencyPerServer = new LinkedHashMap<>();
        for (Backend backend : backends) {
            perServer.put(backend.name(), backend.picks());
            latencyPerServer.put(backend.name(), metrics.latency(backend.name()).summary());
        }
        List<Band> bands = faultBands();
        List<Figure> figures = List.of(
                metrics.requestsPerServerChartFor(perServer),
                metrics.latency().chart("Latency of served requests", 40),
                metrics.loadChart(bands),
                metrics.queueChart(bands),
                timeline(bands));
        String name = policy.getClass().getSimpleName();
        if (name.isEmpty() || name.contains("$$Lambda")) {
            name = "LoadBalancer";
        }
        return new LoadBalancerReport(sim.seed(), name, workload.issued(), perServer,
                metrics.latency().summary(), latencyPerServer, metrics.errorsByKind(),
                metrics.throughput(), Time.toSeconds(sim.now()), figures);
    }

    /** Down periods and slow-downs of every server, as bands. */
    private List<Band> faultBands() {
        List<Band> bands = new ArrayList<>();
        for (Server server : pool.servers()) {
            bands.addAll(Fault.bands(server.faults(), sim.now()));
        }
        return bands;
    }

    private Timeline timeline(List<Band> bands) {
        List<String> lanes = new ArrayList<>();
        List<Timeline.Span> spans = new ArrayList<>();
        for (Server server : pool.servers()) {
            lanes.add(server.name());
        }
        for (Band band : bands) {
            String lane = band.label().substring(0, band.label().indexOf(' '));
            String status = band.label().endsWith(" down") ? "down" : "info";
            spans.add(new Timeline.Span(lane, band.start(), band.end(),
                    band.label().substring(lane.length() + 1), status));
        }
        return new Timeline("Server faults", lanes, spans, bands);
    }
}
