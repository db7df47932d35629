package dev.loadbearing.sim.metrics;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What happened to requests: latency percentiles of the served ones, errors by kind,
 * throughput, requests and load per server over time, queue lengths, and cost. Use it as a
 * workload's outcome listener.
 *
 * <pre>{@code
 * Metrics metrics = new Metrics(sim);
 * metrics.watch(server);                       // sample its queue length every second
 * Workload.openLoop(500).start(sim, server::submit, metrics);
 * sim.runFor(Time.seconds(60));
 * metrics.latency().summary();                 // n=... p50=... p99=...
 * }</pre>
 */
public final class Metrics implements Consumer<Request> {
    private final Sim sim;
    private final long bucket;
    private long startedAt;
    /** Requests sent before this time are not measured (the warm-up). */
    private long measureFrom = Long.MIN_VALUE;
    private final Latencies latency = new Latencies();
    private final long[] outcomes = new long[Outcome.values().length];
    private final Map<String, PerServer> servers = new LinkedHashMap<>();
    private final Map<String, TimeSeries> queues = new LinkedHashMap<>();
    private final Map<String, Double> costs = new LinkedHashMap<>();
    private final List<Sim.Periodic> samplers = new ArrayList<>();

    /**
     * Creates metrics with one-second buckets for time series.
     *
     * @param sim the simulation whose requests are measured
     */
    public Metrics(Sim sim) {
        this(sim, Time.SECOND);
    }

    /**
     * Creates metrics.
     *
     * @param sim the simulation whose requests are measured
     * @param bucket the width of time-series buckets, in nanoseconds
     */
    public Metrics(Sim sim, long bucket) {
        this.sim = sim;
        this.bucket = bucket;
        this.startedAt = sim.now();
    }

    /**
     * Records a request that has its outcome.
     *
     * @param request the completed request
     */
    @Override
    public void accept(Request request) {
        record(request);
    }

    /**
     * Records a request that has its outcome.
     *
     * @param request the completed request
     */
    public void record(Request request) {
        if (request.createdAt() < measureFrom) {
            return;
        }
        Outcome outcome = request.outcome();
        outcomes[outcome.ordinal()]++;
        String server = request.serverName();
        PerServer perServer = server == null ? null : perServer(server);
        if (perServer != null) {
            perServer.requests++;
            perServer.load.add(request.finishedAt(), 1);
        }
        if (outcome == Outcome.OK) {
            latency.record(request.latency());
            if (perServer != null) {
                perServer.latency.record(request.latency());
            }
        }
    }

    /**
     * Leaves out the warm-up: requests sent during the next {@code duration} are not counted in
     * latencies, outcomes, errors, requests per server or throughput (which is measured from the
     * end of the warm-up). Time series and charts still show the whole run.
     *
     * @param duration how long the warm-up lasts from now, in nanoseconds
     * @return these metrics
     */
    public Metrics warmUp(long duration) {
        if (duration < 0) {
            throw new IllegalArgumentException("a warm-up cannot be negative");
        }
        measureFrom = sim.now() + duration;
        startedAt = measureFrom;
        return this;
    }

    /**
     * Starts measuring afresh from now: forgets latencies, outcomes, per-server counts and costs,
     * and measures throughput from now; servers stay watched and time series keep the whole run.
     * Requests sent before the reset that finish after it are not counted either.
     */
    public void reset() {
        latency.reset();
        java.util.Arrays.fill(outcomes, 0);
        for (PerServer perServer : servers.values()) {
            perServer.latency.reset();
            perServer.requests = 0;
        }
        costs.clear();
        startedAt = sim.now();
        measureFrom = sim.now();
    }

    /**
     * Samples a server's queue length ten times per bucket from now on. Sampling is an event
     * that repeats forever, so {@link Sim#run()} would not end: use {@link Sim#runFor(long)},
     * or call {@link #stopWatching()} first.
     *
     * @param server the server to watch
     */
    public void watch(Server server) {
        TimeSeries series = TimeSeries.gauge(server.name(), bucket);
        queues.put(server.name(), series);
        perServer(server.name());
        long sampleEvery = Math.max(1, bucket / 10);
        samplers.add(sim.every(sampleEvery, "sample queue of " + server.name(),
                () -> series.add(sim.now() - 1, server.queueLength())));
    }

    /** Stops sampling the queues of watched servers. */
    public void stopWatching() {
        samplers.forEach(Sim.Periodic::cancel);
        samplers.clear();
    }

    /**
     * Adds cost, in whatever units the exercise prices things (server-hours, requests, bytes).
     *
     * @param item what the cost is for
     * @param units how much
     */
    public void addCost(String item, double units) {
        costs.merge(item, units, Double::sum);
    }

    /**
     * Returns cost per item, in the order items were first charged.
     *
     * @return the costs
     */
    public Map<String, Double> costs() {
        return new LinkedHashMap<>(costs);
    }

    /**
     * Returns the total cost.
     *
     * @return the sum of all costs
     */
    public double totalCost() {
        return costs.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Returns the latencies of served requests.
     *
     * @return the recorder
     */
    public Latencies latency() {
        return latency;
    }

    /**
     * Returns the latencies of requests a server served.
     *
     * @param server the server's name
     * @return the recorder, empty if it served none
     */
    public Latencies latency(String server) {
        PerServer perServer = servers.get(server);
        return perServer == null ? new Latencies() : perServer.latency;
    }

    /**
     * Returns how many requests ended with an outcome.
     *
     * @param outcome the outcome
     * @return the count
     */
    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    /**
     * Returns how many requests were recorded.
     *
     * @return all outcomes together
     */
    public long total() {
        long total = 0;
        for (long count : outcomes) {
            total += count;
        }
        return total;
    }

    /**
     * Returns how many requests failed.
     *
     * @return every outcome but OK
     */
    public long errors() {
        return total() - count(Outcome.OK);
    }

    /**
     * Returns failed requests by kind, in words, leaving out kinds that did not happen.
     *
     * @return a map from outcome description ({@code "timed out"}) to count
     */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> errors = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            if (outcome.isError() && outcomes[outcome.ordinal()] > 0) {
                errors.put(outcome.description(), outcomes[outcome.ordinal()]);
            }
        }
        return errors;
    }

    /**
     * Returns served requests per second of virtual time since the metrics were created.
     *
     * @return the throughput
     */
    public double throughput() {
        long elapsed = sim.now() - startedAt;
        return elapsed <= 0 ? 0 : count(Outcome.OK) / Time.toSeconds(elapsed);
    }

    /**
     * Returns how many requests each server got (any outcome), in the order servers first
     * appeared.
     *
     * @return a map from server name to count
     */
    public Map<String, Long> requestsPerServer() {
        Map<String, Long> counts = new LinkedHashMap<>();
        servers.forEach((name, perServer) -> counts.put(name, perServer.requests));
        return counts;
    }

    /**
     * Returns the number of time-series buckets so far.
     *
     * @return buckets up to the current time
     */
    public int buckets() {
        return (int) ((sim.now() - 1) / bucket) + 1;
    }

    /**
     * Draws requests per server as bars.
     *
     * @return the chart
     */
    public BarChart requestsPerServerChart() {
        return requestsPerServerChartFor(requestsPerServer());
    }

    /**
     * Draws given request counts per server as bars (a load balancer's picks, say).
     *
     * @param counts requests by server name, in the order to draw them
     * @return the chart
     */
    public BarChart requestsPerServerChartFor(Map<String, Long> counts) {
        List<Double> values = new ArrayList<>();
        counts.values().forEach(count -> values.add((double) count));
        return new BarChart("Requests per server", "server", "requests",
                List.copyOf(counts.keySet()), values);
    }

    /**
     * Draws each server's completed requests per bucket over time.
     *
     * @param bands faults to shade
     * @return the chart
     */
    public TimeSeriesChart loadChart(List<Band> bands) {
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        int buckets = buckets();
        servers.values().forEach(perServer -> series.add(perServer.load.toSeries(buckets)));
        return new TimeSeriesChart("Requests completed per server",
                "requests per " + Time.format(bucket), series, bands);
    }

    /**
     * Draws the queue length of each {@linkplain #watch watched} server over time.
     *
     * @param bands faults to shade
     * @return the chart
     */
    public TimeSeriesChart queueChart(List<Band> bands) {
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        int buckets = buckets();
        queues.values().forEach(queue -> series.add(queue.toSeries(buckets)));
        return new TimeSeriesChart("Queue length per server", "requests waiting", series, bands);
    }

    private PerServer perServer(String server) {
        return servers.computeIfAbsent(server, name -> new PerServer(name, bucket));
    }

    private static final class PerServer {
        final Latencies latency = new Latencies();
        final TimeSeries load;
        long requests;

        PerServer(String name, long bucket) {
            load = TimeSeries.counter(name, bucket);
        }
    }
}
