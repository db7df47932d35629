import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcClient;
import dev.loadbearing.sim.rpc.RpcService;
import dev.loadbearing.sim.rpc.RpcStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The setting: users → A (the frontend, an RpcClient) → B → B's dependencies. B has one endpoint
 * per dependency ({@code GetInventory} needs {@code inventory}, and so on), which it serves with
 * your Bulkheads: each call asks its dependency's {@code Get} method and answers with what it
 * said. B has a fixed pool of workers shared by every endpoint (a call waiting for a dependency
 * holds its worker) and a queue of 200 in front of them. A waits 1 s for every answer.
 *
 * <p>A dependency normally answers in about 10 ms, but 3% of its calls take 100-350 ms (a cache
 * miss, a cold partition): a normal, long tail. In a fault, one dependency slows down, in one of
 * two ways: it <em>hangs</em> (most of its calls take 2-5 s), or, with {@link #crawling()}, it
 * <em>crawls</em> (every call takes 200-340 ms: slow, yet inside its normal tail, so no timeout
 * fires and no breaker sees a failure). The others stay healthy.
 */
final class BulkheadRun {
    static final String[] NAMES = {"inventory", "pricing", "reviews", "shipping"};
    /** The share of a healthy dependency's calls that take 100-350 ms (a field, for calibration runs). */
    static double TAIL = 0.03;

    /** One user request through A. */
    static final class Ask {
        final long at;
        final String dependency;
        final int user;
        Call call;

        Ask(long at, String dependency, int user) {
            this.at = at;
            this.dependency = dependency;
            this.user = user;
        }

        long waited() {
            return call == null || call.latency() < 0 ? Long.MAX_VALUE : call.latency();
        }
    }

    /** A dependency's answer: it depends on the user, the dependency and a secret of the run. */
    static long answer(String dependency, int user, long salt) {
        return (user * 31L + dependency.hashCode() * 7L + salt) % 1_000_003;
    }

    final long seed;
    final int workers;
    final List<String> dependencies;
    final Map<String, Double> rates;
    final String slow;
    final long faultAt;
    final long faultLength;
    final double hangShare;
    final long duration;
    final long deadline = Time.seconds(1);
    final Sim sim;
    final Network net;
    final RpcService b;
    final Map<String, RpcService> services = new LinkedHashMap<>();
    final RpcClient a;
    final Bulkheads bulkheads;
    final long salt;
    final List<Ask> asks = new ArrayList<>();
    final Map<String, Integer> waiting = new HashMap<>();
    final List<Double> sampledAt = new ArrayList<>();
    final Map<String, List<Double>> sampled = new LinkedHashMap<>();
    final List<Double> busy = new ArrayList<>();
    final List<Fault> faults = new ArrayList<>();
    boolean crawls;

    /**
     * @param slow the dependency that slows, or {@code null} for a healthy run
     * @param rates requests per second to each endpoint, by dependency, in the order B lists them
     * @param hangShare the share of the slow dependency's calls that hang for 2-5 s
     */
    BulkheadRun(long seed, int workers, Map<String, Double> rates, String slow, long faultAt, long faultLength,
            double hangShare, long duration) {
        this.seed = seed;
        this.workers = workers;
        this.rates = rates;
        this.dependencies = List.copyOf(rates.keySet());
        this.slow = slow;
        this.faultAt = faultAt;
        this.faultLength = faultLength;
        this.hangShare = hangShare;
        this.duration = duration;
        sim = new Sim(seed);
        net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(2)));
        salt = sim.random("test/secret").nextInt(1_000_000_000);
        for (String name : dependencies) {
            RpcService service = new RpcService(sim, net, name).workers(200).queueCapacity(5_000)
                    .unary("Get", Distribution.exponential(Time.ms(8)), (Integer user) -> answer(name, user, salt), v -> 400)
                    .stalls(TAIL, Distribution.uniform(Time.ms(100), Time.ms(350)));
            services.put(name, service);
            waiting.put(name, 0);
            sampled.put(name, new ArrayList<>());
        }
        b = new RpcService(sim, net, "b").workers(workers).queueCapacity(200);
        bulkheads = new Bulkheads(workers, dependencies);
        for (String name : dependencies) {
            b.unaryAsync(endpoint(name), Distribution.constant(Time.ms(1)), in -> bulkheads.serve(name, in));
        }
        b.client().onStart(call -> waiting.merge(call.service(), 1, Integer::sum));
        b.client().onEnd(call -> waiting.merge(call.service(), -1, Integer::sum));
        a = new RpcClient(sim, net, "a");
    }

    static String endpoint(String dependency) {
        return "Get" + Character.toUpperCase(dependency.charAt(0)) + dependency.substring(1);
    }

    /** The slow dependency crawls (every call 200-340 ms) instead of hanging; call before {@link #run()}. */
    BulkheadRun crawling() {
        crawls = true;
        return this;
    }

    BulkheadRun run() {
        if (slow != null) {
            RpcService sick = services.get(slow);
            long end = faultAt + faultLength;
            sim.at(faultAt, slow + " slows", () -> {
                if (crawls) {
                    sick.stalls(1, Distribution.uniform(Time.ms(200), Time.ms(340)));
                } else {
                    sick.stalls(hangShare, Distribution.uniform(Time.seconds(2), Time.seconds(5)));
                }
            });
            sim.at(end, slow + " recovers", () -> sick.stalls(TAIL, Distribution.uniform(Time.ms(100), Time.ms(350))));
            faults.add(new Fault(slow + " slow", faultAt, end));
        }
        for (String name : dependencies) {
            schedule(name, rates.get(name));
        }
        for (long t = 0; t < duration; t += Time.ms(50)) {
            long when = t;
            sim.at(when, "count B's workers", () -> {
                if (sampledAt.size() < 1_000) {
                    sampledAt.add(Time.toSeconds(when));
                    for (String name : dependencies) {
                        sampled.get(name).add((double) waiting.get(name));
                    }
                    busy.add((double) b.busy());
                }
            });
        }
        sim.runFor(duration + Time.seconds(2));
        return this;
    }

    private void schedule(String dependency, double rate) {
        var gaps = Distribution.exponential(Time.seconds(1) / rate);
        var random = sim.random("test/users/" + dependency);
        String method = endpoint(dependency);
        for (long at = gaps.sampleNanos(random); at < duration; at += gaps.sampleNanos(random)) {
            Ask ask = new Ask(at, dependency, 1 + random.nextInt(1_000_000));
            asks.add(ask);
            sim.at(at, "user asks", () -> ask.call = a.call("b", method, ask.user, 100, deadline, call -> { }));
        }
    }

    // ------------------------------------------------------------------------- measures

    String where() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "seed %d, B has %d workers, ", seed, workers));
        List<String> parts = new ArrayList<>();
        for (String name : dependencies) {
            parts.add(String.format(Locale.ROOT, "%.0f/s to %s", rates.get(name), endpoint(name)));
        }
        text.append(String.join(", ", parts));
        if (slow != null) {
            text.append(crawls
                    ? String.format(Locale.ROOT, "; %s crawls (every call takes 200-340 ms) from %.1f s for %.1f s", slow,
                            Time.toSeconds(faultAt), Time.toSeconds(faultLength))
                    : String.format(Locale.ROOT, "; %s hangs (%.0f%% of calls, 2-5 s) from %.1f s for %.1f s", slow,
                            100 * hangShare, Time.toSeconds(faultAt), Time.toSeconds(faultLength)));
        } else {
            text.append("; every dependency healthy");
        }
        return text.toString();
    }

    List<String> healthy() {
        return dependencies.stream().filter(d -> !d.equals(slow)).toList();
    }

    List<Ask> asked(String dependency, long from, long to) {
        return asks.stream().filter(x -> x.dependency.equals(dependency) && x.at >= from && x.at < to).toList();
    }

    boolean ok(Ask ask) {
        return ask.call != null && ask.call.isOk()
                && Long.valueOf(answer(ask.dependency, ask.user, salt)).equals(ask.call.value());
    }

    double success(List<Ask> window) {
        return window.isEmpty() ? 1 : window.stream().filter(this::ok).count() / (double) window.size();
    }

    static long percentile(List<Ask> window, double q) {
        return percentile(window.stream().mapToLong(Ask::waited), q);
    }

    /** The nearest-rank percentile of some waits, 0 when there are none. */
    static long percentile(LongStream values, double q) {
        long[] waits = values.sorted().toArray();
        return waits.length == 0 ? 0 : waits[(int) Math.min(waits.length - 1, Math.ceil(q * waits.length) - 1)];
    }

    private static String outcomes(List<Ask> window) {
        Map<RpcStatus, Integer> counts = new LinkedHashMap<>();
        for (Ask ask : window) {
            if (ask.call != null && ask.call.status() != null) {
                counts.merge(ask.call.status(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> parts.add(n + " " + status));
        return String.join(", ", parts);
    }

    private static String ms(long nanos) {
        return nanos == Long.MAX_VALUE ? "for ever" : String.format(Locale.ROOT, "%.0f ms", Time.toMillis(nanos));
    }

    /** The most workers that waited on a dependency at once, sampled every 50 ms. */
    int peakWaiting(String dependency) {
        return (int) sampled.get(dependency).stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    // ------------------------------------------------------------------------- checks

    void assertAnswersAreReal() {
        long fake = asks.stream().filter(x -> x.call != null && x.call.isOk() && !ok(x)).count();
        if (fake > 0) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: %d answers were OK but did not carry what the "
                    + "dependency said for that user. Reply with the value of the dependency's call "
                    + "(in.reply(call.value(), 400)); when you cannot ask it, fail the call instead of making an answer up",
                    where(), fake));
        }
    }

    /** Every endpoint works when nothing is wrong. */
    void assertAllServed(double atLeast, long p99Most) {
        for (String name : dependencies) {
            List<Ask> window = asked(name, 0, duration);
            double got = success(window);
            if (got < atLeast) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %.2f%% of %d %s requests succeeded; at least "
                        + "%.1f%% should with every dependency healthy. They ended: %s. %s", where(), 100 * got,
                        window.size(), endpoint(name), 100 * atLeast, outcomes(window),
                        outcomes(window).contains("RESOURCE_EXHAUSTED") || outcomes(window).contains("UNAVAILABLE")
                                ? "Compartments too small reject healthy traffic: at its peak a healthy dependency "
                                + "had " + peakWaiting(name) + " calls waiting at once (3% of its calls take up to "
                                + "350 ms). Size each compartment from the pool (say workers / dependencies), not "
                                + "at 1 or 2, and never reject a call while its compartment has room"
                                : "A timeout shorter than a dependency's normal tail fails healthy calls: 3% of "
                                + "calls take 100-350 ms when nothing is wrong"));
            }
            long p99 = percentile(window, 0.99);
            if (p99 > p99Most) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s took %s at p99 with every dependency "
                        + "healthy; at most %s. Its calls waited in B's queue", where(), endpoint(name), ms(p99), ms(p99Most)));
            }
        }
    }

    /** While one dependency hangs, the endpoints that do not need it notice nothing. */
    void assertHealthyUnaffected(double atLeast, long p99Most) {
        for (String name : healthy()) {
            List<Ask> window = asked(name, 0, duration);
            double got = success(window);
            long p99 = percentile(window, 0.99);
            if (got < atLeast || p99 > p99Most) {
                int peak = peakWaiting(slow);
                throw new AssertionError(String.format(Locale.ROOT, "%s: %s does not need %s, yet over the run %.2f%% of "
                        + "its %d requests succeeded (at least %.1f%% should) and its p99 was %s (at most %s). They "
                        + "ended: %s. %s", where(), endpoint(name), slow, 100 * got, window.size(), 100 * atLeast, ms(p99),
                        ms(p99Most), outcomes(window), peak >= workers - 1 && crawls
                                ? String.format(Locale.ROOT, "At the worst moment %d of B's %d workers were waiting for "
                                        + "%s. It did not fail: every call answered, in 200-340 ms, inside its normal "
                                        + "tail, so no timeout fired and no circuit breaker saw an error. But %.0f calls "
                                        + "a second that each take 300 ms hold about %.0f workers (Little's law). Only a "
                                        + "limit on how many calls may wait for %s at once (say workers / dependencies), "
                                        + "failing the rest at once with RESOURCE_EXHAUSTED, keeps workers for the others",
                                        peak, workers, slow, rates.get(slow), rates.get(slow) * 0.3, slow)
                                : peak >= workers - 1
                                ? String.format(Locale.ROOT, "At the worst moment %d of B's %d workers were waiting for "
                                        + "%s: every worker ended up stuck on the slow dependency, and the other "
                                        + "endpoints queued behind them. A timeout alone does not stop this: it must "
                                        + "stay above the normal tail (350 ms), and %s calls a second that each wait "
                                        + "400 ms hold about %.0f workers (Little's law). "
                                        + "Give each dependency its own compartment, a limit on how many calls may "
                                        + "wait for it at once (say workers / dependencies), and fail a call at once "
                                        + "(in.fail(RpcStatus.RESOURCE_EXHAUSTED)) when its compartment is full",
                                        peak, workers, slow, String.format(Locale.ROOT, "%.0f", rates.get(slow)),
                                        rates.get(slow) * 0.4)
                                : String.format(Locale.ROOT, "At most %d workers waited for %s at once, but B's other "
                                        + "calls still queued: calls that wait for a compartment still hold a worker "
                                        + "each. Keep the compartment's queue short (or none) and reject when it is "
                                        + "full, and make sure the compartments together leave the healthy endpoints "
                                        + "room", peak, slow)));
            }
        }
    }

    /** Even the slow dependency's endpoint answers A in bounded time: fast failures, or a timeout. */
    void assertSlowBounded(long p99Most) {
        List<Ask> window = asked(slow, 0, duration);
        long p99 = percentile(window, 0.99);
        if (p99 > p99Most) {
            int peak = peakWaiting(slow);
            String why = peak >= workers - 1
                    ? String.format(Locale.ROOT, "At the worst moment %d of B's %d workers were waiting for %s, so new "
                            + "calls, to %s as to every other endpoint, waited in B's queue for a free worker. A timeout "
                            + "bounds how long one call waits; only a compartment bounds how many wait: limit the calls "
                            + "in flight to %s and fail the rest at once", peak, workers, slow, endpoint(slow), slow)
                    : String.format(Locale.ROOT, "While %s hung, B's calls to it waited as long as A did. A user "
                            + "should hear \"not now\" quickly. Give every call to a dependency its own timeout, a little "
                            + "above its normal tail (calls take up to 350 ms when nothing is wrong, so 400 ms), and fail "
                            + "at once when the compartment is full", slow);
            throw new AssertionError(String.format(Locale.ROOT, "%s: A waited %s at p99 for %s, at most %s allowed. %s",
                    where(), ms(p99), endpoint(slow), ms(p99Most), why));
        }
    }

    /** After the dependency recovers, its endpoint works again: the compartment's slots came back. */
    void assertSlowRecovers(long within, double atLeast) {
        long from = faultAt + faultLength + within;
        List<Ask> window = asked(slow, from, duration);
        double got = success(window);
        if (got < atLeast) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: %s was healthy again at %.1f s, but from %.1f s on "
                    + "only %.1f%% of %s requests succeeded (at least %.0f%% should). They ended: %s. A compartment's "
                    + "slot must come back when its call ends however it ends: OK, an error, a timeout, or CANCELLED "
                    + "(A gave up and B stopped the call: your callback still runs, with that status). Release the slot "
                    + "in the callback, first thing, whatever the status", where(), slow,
                    Time.toSeconds(faultAt + faultLength), Time.toSeconds(from), 100 * got, endpoint(slow), 100 * atLeast,
                    outcomes(window)));
        }
    }

    /** Runs checks; a run that fails them attaches its figures. */
    void check(Runnable checks) {
        try {
            checks.run();
        } catch (AssertionError e) {
            attachFigures();
            throw e;
        }
    }

    // ------------------------------------------------------------------------- figures

    void attachFigures() {
        List<Band> bands = Fault.bands(faults, sim.now());
        List<TimeSeriesChart.Series> lines = new ArrayList<>();
        for (String name : dependencies) {
            lines.add(new TimeSeriesChart.Series("waiting for " + name, sampledAt, sampled.get(name)));
        }
        lines.add(new TimeSeriesChart.Series("B's busy workers (of " + workers + ")", sampledAt, busy));
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "B's workers waiting on each dependency, sampled every 50 ms (seed %d)", seed), "workers", lines, bands));
        int bins = (int) Math.min(500, duration / Time.ms(100));
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            seconds.add(i * 0.1);
        }
        List<TimeSeriesChart.Series> success = new ArrayList<>();
        List<TimeSeriesChart.Series> p99s = new ArrayList<>();
        for (String name : dependencies) {
            double[] all = new double[bins];
            double[] good = new double[bins];
            List<List<Long>> waits = new ArrayList<>();
            for (int i = 0; i < bins; i++) {
                waits.add(new ArrayList<>());
            }
            for (Ask ask : asks) {
                int bin = (int) (ask.at / Time.ms(100));
                if (bin < bins && ask.dependency.equals(name)) {
                    all[bin]++;
                    good[bin] += ok(ask) ? 1 : 0;
                    waits.get(bin).add(Math.min(ask.waited(), deadline));
                }
            }
            List<Double> share = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            for (int i = 0; i < bins; i++) {
                share.add(all[i] == 0 ? 100 : 100 * good[i] / all[i]);
                p99.add(Time.toMillis(percentile(waits.get(i).stream().mapToLong(Long::longValue), 0.99)));
            }
            String label = endpoint(name) + (name.equals(slow) ? " (slow dependency)" : "");
            success.add(new TimeSeriesChart.Series(label, seconds, share));
            p99s.add(new TimeSeriesChart.Series(label, seconds, p99));
        }
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "Requests that succeeded per endpoint, %% per 100 ms by when they were made (seed %d)", seed), "% ok",
                success, bands));
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "A's p99 wait per endpoint, per 100 ms, ms (seed %d)", seed), "ms", p99s, bands));
    }

    String summary() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "seed %d W %d slow %s:", seed, workers, slow));
        for (String name : dependencies) {
            List<Ask> all = asked(name, 0, duration);
            text.append(String.format(Locale.ROOT, " | %s%s %.0f/s ok %.4f p99 %.0f peak %d", name,
                    name.equals(slow) ? "*" : "", rates.get(name), success(all), Time.toMillis(percentile(all, 0.99)),
                    peakWaiting(name)));
        }
        if (slow != null) {
            text.append(String.format(Locale.ROOT, " | slow p50 %.0f after %.4f",
                    Time.toMillis(percentile(asked(slow, faultAt + Time.ms(500), faultAt + faultLength), 0.5)),
                    success(asked(slow, faultAt + faultLength + Time.ms(1500), duration))));
        }
        return text.toString();
    }
}
