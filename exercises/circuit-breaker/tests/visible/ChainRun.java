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
import java.util.List;
import java.util.Locale;

/**
 * The chain: users → A (the frontend, an RpcClient) → B → C. A calls two of B's endpoints:
 * GetProfile, which B serves with your ChainGuard by calling C's GetRecommendations, and
 * GetOrders, which B answers by itself. B has 8 workers shared by both endpoints, and a call
 * waiting for C holds its worker. C normally answers in about 8 ms (exponential); the test makes
 * it fail or slow for a while, in one of these shapes:
 * <ul>
 * <li>{@code errors}: C answers most calls with INTERNAL, fast;</li>
 * <li>{@code down}: C crashes and restarts (UNAVAILABLE, fast);</li>
 * <li>{@code slow}: most of C's calls hang for 1-3 s;</li>
 * <li>{@code frozen}: C stops answering at all (a stall);</li>
 * <li>{@code brownout}: a share of C's calls hang, too few for a breaker to open.</li>
 * </ul>
 * With {@link #leaving(double)}, a share of users give up on GetProfile after 5-45 ms (they
 * scrolled on): A cancels their calls, B's call is stopped and its call to C ends CANCELLED,
 * probes included.
 */
final class ChainRun {
    /** One user request through A. */
    static final class Ask {
        final long at;
        final boolean profile;
        final int user;
        final long salt;
        /** When the user gives up and A cancels the call (ms after asking), or -1 for a user who waits. */
        long leavesAfter = -1;
        Call call;

        Ask(long at, boolean profile, int user, long salt) {
            this.at = at;
            this.profile = profile;
            this.user = user;
            this.salt = salt;
        }

        /** A user who left (A cancelled the call) is neither a success nor a failure. */
        boolean counts() {
            return leavesAfter < 0;
        }

        boolean ok() {
            if (call == null || !call.isOk()) {
                return false;
            }
            return profile ? recommendations(user, salt).equals(call.value()) : Integer.valueOf(user * 31).equals(call.value());
        }

        long waited() {
            return call == null || call.latency() < 0 ? Long.MAX_VALUE : call.latency();
        }
    }

    /** C's answer: depends on the user and on a secret of the run, so only C can give it. */
    static List<Long> recommendations(int user, long salt) {
        return List.of((user + salt) % 9973, (user * 7L + salt) % 9973, (user * 13L + salt) % 9973);
    }

    final long seed;
    final String shape;
    final long faultAt;
    final long faultLength;
    final double profileRate;
    final double ordersRate;
    final long deadline;
    final long duration;
    final double share;
    final Sim sim;
    final Network net;
    final RpcService b;
    final RpcService c;
    final RpcClient a;
    final ChainGuard guard;
    final long salt;
    final List<Ask> asks = new ArrayList<>();
    final List<Call> toC = new ArrayList<>();
    final List<double[]> states = new ArrayList<>();
    final List<Fault> faults = new ArrayList<>();
    double leaveShare;

    /**
     * @param shape how C fails (see the class comment), or {@code none}
     * @param share for {@code errors}, {@code slow} and {@code brownout}: the share of C's calls that fail or hang
     */
    ChainRun(long seed, String shape, long faultAt, long faultLength, double share, double profileRate, double ordersRate,
            long deadline, long duration) {
        this.seed = seed;
        this.shape = shape;
        this.faultAt = faultAt;
        this.faultLength = faultLength;
        this.share = share;
        this.profileRate = profileRate;
        this.ordersRate = ordersRate;
        this.deadline = deadline;
        this.duration = duration;
        sim = new Sim(seed);
        net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(2)));
        salt = sim.random("test/secret").nextInt(1_000_000_000);
        c = new RpcService(sim, net, "c").workers(32).queueCapacity(2_000)
                .unary("GetRecommendations", Distribution.exponential(Time.ms(8)), (Integer user) -> recommendations(user, salt),
                        recs -> 800);
        b = new RpcService(sim, net, "b").workers(8).queueCapacity(500);
        guard = new ChainGuard(sim.random("b/guard"));
        b.unaryAsync("GetProfile", Distribution.constant(Time.ms(1)), guard::serve);
        b.unary("GetOrders", Distribution.exponential(Time.ms(3)), (Integer user) -> user * 31, total -> 300);
        b.client().onStart(toC::add);
        a = new RpcClient(sim, net, "a");
    }

    static ChainRun of(long seed, String shape, long at, long length, double share, double profileRate, double ordersRate,
            long deadline) {
        return new ChainRun(seed, shape, at, length, share, profileRate, ordersRate, deadline, at + length + Time.seconds(5))
                .run();
    }

    /** A share of GetProfile users give up after 5-45 ms; call before {@link #run()}. */
    ChainRun leaving(double share) {
        this.leaveShare = share;
        return this;
    }

    ChainRun run() {
        long end = faultAt + faultLength;
        switch (shape) {
            case "none" -> { }
            case "errors" -> {
                sim.at(faultAt, "c fails", () -> c.errorRate(share));
                sim.at(end, "c recovers", () -> c.errorRate(0));
                faults.add(new Fault("c fails", faultAt, end));
            }
            case "down" -> {
                c.crashAt(faultAt);
                c.restartAt(end);
            }
            case "slow", "brownout" -> {
                sim.at(faultAt, "c slows", () -> c.stalls(share, Distribution.uniform(Time.seconds(1), Time.seconds(3))));
                sim.at(end, "c recovers", () -> c.stalls(0, Distribution.constant(0)));
                faults.add(new Fault("c slow", faultAt, end));
            }
            case "frozen" -> c.stallAt(faultAt, faultLength);
            default -> throw new IllegalArgumentException(shape);
        }
        schedule(true, profileRate, "test/profile");
        schedule(false, ordersRate, "test/orders");
        for (long t = 0; t < duration; t += Time.ms(50)) {
            long when = t;
            sim.at(when, "look at the breaker", () -> states.add(new double[] {Time.toSeconds(when), level(guard.state(when))}));
        }
        sim.runFor(duration + Time.seconds(2));
        faults.addAll(c.faults());
        return this;
    }

    private static double level(String state) {
        return switch (String.valueOf(state)) {
            case "open" -> 2;
            case "half-open" -> 1;
            default -> 0;
        };
    }

    private void schedule(boolean profile, double rate, String stream) {
        var gaps = Distribution.exponential(Time.seconds(1) / rate);
        var random = sim.random(stream);
        var leaves = sim.random(stream + "/leaves");
        for (long at = gaps.sampleNanos(random); at < duration; at += gaps.sampleNanos(random)) {
            Ask ask = new Ask(at, profile, 1 + random.nextInt(1_000_000), salt);
            asks.add(ask);
            sim.at(at, "user asks", () -> ask.call = a.call("b", profile ? "GetProfile" : "GetOrders", ask.user, 100,
                    deadline, call -> { }));
            if (profile && leaveShare > 0 && leaves.nextDouble() < leaveShare) {
                ask.leavesAfter = Time.ms(5 + leaves.nextInt(41));
                sim.at(at + ask.leavesAfter, "user leaves", () -> ask.call.cancel());
            }
        }
    }

    // ------------------------------------------------------------------------- measures

    String where() {
        String leave = leaveShare > 0 ? String.format(Locale.ROOT, ", %.0f%% of GetProfile users leave after 5-45 ms",
                100 * leaveShare) : "";
        String fault = shape.equals("none") ? "C healthy"
                : String.format(Locale.ROOT, "C %s%s from %.1f s for %.1f s", describe(),
                        share > 0 && !shape.equals("down") && !shape.equals("frozen")
                                ? String.format(Locale.ROOT, " (%.0f%% of calls)", 100 * share) : "",
                        Time.toSeconds(faultAt), Time.toSeconds(faultLength));
        return String.format(Locale.ROOT, "seed %d, %s, %.0f profile + %.0f order requests/s, A waits %.0f ms", seed, fault,
                profileRate, ordersRate, Time.toMillis(deadline)) + leave;
    }

    private String describe() {
        return switch (shape) {
            case "errors" -> "answers INTERNAL errors";
            case "down" -> "is down";
            case "slow" -> "hangs for 1-3 s";
            case "frozen" -> "is frozen (answers nothing)";
            default -> "has some calls hang for 1-3 s";
        };
    }

    List<Ask> asked(boolean profile, long from, long to) {
        return asks.stream().filter(x -> x.profile == profile && x.at >= from && x.at < to).toList();
    }

    /** The share of requests that succeeded, among users who waited for their answer. */
    static double success(List<Ask> asks) {
        long waited = asks.stream().filter(Ask::counts).count();
        return waited == 0 ? 1 : asks.stream().filter(x -> x.counts() && x.ok()).count() / (double) waited;
    }

    static long percentile(List<Ask> asks, double q) {
        long[] waits = asks.stream().filter(Ask::counts).mapToLong(Ask::waited).sorted().toArray();
        return waits.length == 0 ? 0 : waits[(int) Math.min(waits.length - 1, Math.ceil(q * waits.length) - 1)];
    }

    long callsToC(long from, long to) {
        return toC.stream().filter(x -> x.startedAt() >= from && x.startedAt() < to).count();
    }

    double amplification(long from, long to) {
        long offered = asked(true, from, to).size();
        return offered == 0 ? 0 : callsToC(from, to) / (double) offered;
    }

    private static String outcomes(List<Ask> asks) {
        long[] counts = new long[RpcStatus.values().length];
        long wrong = 0;
        for (Ask ask : asks) {
            if (ask.counts() && ask.call != null && ask.call.status() != null) {
                counts[ask.call.status().ordinal()]++;
                if (ask.call.isOk() && !ask.ok()) {
                    wrong++;
                }
            }
        }
        List<String> parts = new ArrayList<>();
        for (RpcStatus status : RpcStatus.values()) {
            if (counts[status.ordinal()] > 0) {
                parts.add(counts[status.ordinal()] + " " + status);
            }
        }
        if (wrong > 0) {
            parts.add(wrong + " of the OK answers did not carry C's recommendations for that user");
        }
        return String.join(", ", parts);
    }

    // ------------------------------------------------------------------------- checks

    void assertAnswersAreReal() {
        long fake = asks.stream().filter(x -> x.profile && x.call != null && x.call.isOk() && !x.ok()).count();
        if (fake > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d GetProfile answers were OK but did not carry what C answered for that user. Reply with the "
                            + "value of C's call (in.reply(call.value(), 800)); when C cannot answer, fail the call "
                            + "(in.fail(RpcStatus.UNAVAILABLE)) rather than make an answer up", where(), fake));
        }
    }

    void assertSuccess(boolean profile, long from, long to, double atLeast, String when, String advice) {
        List<Ask> window = asked(profile, from, to);
        double got = success(window);
        if (got < atLeast) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: %s, %.2f%% of %d %s requests succeeded; at least %.1f%% "
                    + "should. They ended: %s. %s", where(), when, 100 * got, window.stream().filter(Ask::counts).count(),
                    profile ? "GetProfile" : "GetOrders", 100 * atLeast, outcomes(window), advice));
        }
    }

    void assertOrdersUnaffected() {
        assertSuccess(false, 0, duration, 0.995, "over the whole run (GetOrders does not need C at all)",
                "B's 8 workers are shared: every GetProfile call waiting for C holds one. When C is slow and B still "
                        + "calls it, the workers fill up with calls waiting for C and GetOrders queues behind them. Give "
                        + "each call to C a short timeout, and open a circuit breaker so that, while C is sick, GetProfile "
                        + "fails at once instead of holding a worker");
        List<Ask> orders = asked(false, 0, duration);
        long p99 = percentile(orders, 0.99);
        if (p99 > Time.ms(50)) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: GetOrders took %.0f ms at p99; it needs only B (about "
                    + "3 ms of work) and should stay under 50 ms whatever C does. Its requests waited in B's queue behind "
                    + "GetProfile calls holding workers while they waited for C: fail those fast while C is sick",
                    where(), Time.toMillis(p99)));
        }
    }

    void assertP99(long most) {
        List<Ask> window = asked(true, 0, duration);
        long p99 = percentile(window, 0.99);
        if (p99 > most) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: A waited %s at p99 for GetProfile; at most %.0f ms "
                    + "allowed. Calls to C normally take 5-40 ms; a p99 like this is B waiting for C for as long as A "
                    + "lets it. Give every call to C its own short timeout (a little above its normal tail, such as 50 "
                    + "ms)", where(), p99 == Long.MAX_VALUE ? "for ever" : String.format(Locale.ROOT, "%.0f ms",
                    Time.toMillis(p99)), Time.toMillis(most)));
        }
    }

    /** While C is sick (from a grace after the fault starts), B should fail fast and hardly call C. */
    void assertBreakerOpens(long grace, double mostCallsPerRequest, long median) {
        long from = faultAt + grace;
        long to = faultAt + faultLength;
        double amp = amplification(from, to);
        if (amp > mostCallsPerRequest) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: from %.1f s (%.0f ms after C fell sick) to its "
                    + "recovery, B made %d calls to C for %d GetProfile requests, %.2f per request; an open circuit "
                    + "breaker lets through only a probe now and then (at most %.2f per request). %s", where(),
                    Time.toSeconds(from), Time.toMillis(grace), callsToC(from, to), asked(true, from, to).size(), amp,
                    mostCallsPerRequest, amp > 0.9
                            ? "Every request still went to C: count the failures of recent calls (say the last 20), and "
                            + "when at least half failed, open the breaker: fail calls at once without calling C"
                            : "The breaker opened, but lets too much through: while open, no call goes to C; after a "
                            + "cool-down let a single probe through (half-open), not every request"));
        }
        List<Ask> window = asked(true, from, to);
        long p = percentile(window, 0.5);
        if (p > median) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: while C was sick, A waited %.0f ms at the median for "
                    + "GetProfile; with the breaker open, B should fail fast (a few ms), at most %.0f ms. While the "
                    + "breaker is open, fail at once (in.fail(RpcStatus.UNAVAILABLE)), without a timeout or a backoff", where(),
                    Time.toMillis(p), Time.toMillis(median)));
        }
    }

    /** From a while after C recovered, GetProfile works again: the breaker closed. */
    void assertBreakerCloses(long within) {
        long from = faultAt + faultLength + within;
        List<Ask> window = asked(true, from, duration);
        double got = success(window);
        if (got < 0.99) {
            long calls = callsToC(from, duration);
            String advice = calls <= 1 && leaveShare > 0
                    ? String.format(Locale.ROOT, "B made %d calls to C in all that time: the breaker is stuck half-open, "
                            + "waiting for a probe that will never report. Some users leave before B answers, so A "
                            + "cancels their calls and a probe made for them ends CANCELLED (its callback runs with that "
                            + "status, and the call's in.after(...) timers no longer fire). A probe that is cancelled or "
                            + "times out must count as a failure (or at least free the probe slot, as a probe older than "
                            + "two timeouts should), or the breaker stays half-open for ever", calls)
                    : "After a cool-down (a few hundred ms), let one probe call through; if it succeeds, close the breaker "
                            + "and forget the old failures. A breaker that never closes turns a short outage of C into a "
                            + "permanent one. A probe that is cancelled or times out must count as a failure, or the "
                            + "breaker stays half-open for ever";
            throw new AssertionError(String.format(Locale.ROOT, "%s: C was healthy again at %.1f s, but from %.1f s on only "
                    + "%.1f%% of GetProfile requests succeeded (at least 99%% should): the breaker did not close. They "
                    + "ended: %s. %s", where(), Time.toSeconds(faultAt + faultLength), Time.toSeconds(from),
                    100 * got, outcomes(window), advice));
        }
    }

    /** With C healthy, B must really ask C: an answer it did not get from C is made up. */
    void assertAsksC() {
        double amp = amplification(0, duration);
        if (amp < 0.95) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: C is healthy, yet B made only %d calls to C for %d "
                    + "GetProfile requests (%.2f per request). Every GetProfile needs C's answer: call C unless the breaker "
                    + "is open, and open it only when recent calls really failed", where(), callsToC(0, duration),
                    asked(true, 0, duration).size(), amp));
        }
    }

    void assertAmplification(long from, long to, double most, String when) {
        double amp = amplification(from, to);
        if (amp > most) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: %s, B made %d calls to C for %d GetProfile requests: "
                    + "%.2f× the load users asked for, at most %.2f× allowed. Retry only out of a budget (each request "
                    + "earns a tenth of a retry, capped at a small number); a failed call retried two or three times "
                    + "multiplies C's load just when C is struggling (see the gRPC lesson's retry budget)", where(),
                    when, callsToC(from, to), asked(true, from, to).size(), amp, most));
        }
    }

    /** Runs checks; a run that fails them attaches its figures, so a test over many seeds shows the ones that matter. */
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
        List<Double> at = new ArrayList<>();
        List<Double> level = new ArrayList<>();
        for (double[] s : states) {
            if (at.size() < 1_000) {
                at.add(s[0]);
                level.add(s[1]);
            }
        }
        int bins = (int) Math.min(500, duration / Time.ms(100));
        double[] profileErr = new double[bins];
        double[] profileAll = new double[bins];
        double[] ordersErr = new double[bins];
        double[] ordersAll = new double[bins];
        double[] calls = new double[bins];
        List<List<Long>> lat = new ArrayList<>();
        List<List<Long>> orderLat = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            lat.add(new ArrayList<>());
            orderLat.add(new ArrayList<>());
        }
        for (Ask ask : asks) {
            int bin = (int) (ask.at / Time.ms(100));
            if (bin >= bins || !ask.counts()) {
                continue;
            }
            if (ask.profile) {
                profileAll[bin]++;
                profileErr[bin] += ask.ok() ? 0 : 1;
                lat.get(bin).add(Math.min(ask.waited(), deadline));
            } else {
                ordersAll[bin]++;
                ordersErr[bin] += ask.ok() ? 0 : 1;
                orderLat.get(bin).add(Math.min(ask.waited(), deadline));
            }
        }
        for (Call call : toC) {
            int bin = (int) (call.startedAt() / Time.ms(100));
            if (bin < bins) {
                calls[bin] += 10;
            }
        }
        List<Double> seconds = new ArrayList<>();
        List<Double> pErr = new ArrayList<>();
        List<Double> oErr = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> ordersP99 = new ArrayList<>();
        List<Double> offered = new ArrayList<>();
        List<Double> toCRate = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            seconds.add(i * 0.1);
            pErr.add(profileAll[i] == 0 ? 0 : 100 * profileErr[i] / profileAll[i]);
            oErr.add(ordersAll[i] == 0 ? 0 : 100 * ordersErr[i] / ordersAll[i]);
            long[] w = lat.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
            p99.add(w.length == 0 ? 0 : Time.toMillis(w[(int) Math.min(w.length - 1, Math.ceil(0.99 * w.length) - 1)]));
            long[] o = orderLat.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
            ordersP99.add(o.length == 0 ? 0 : Time.toMillis(o[(int) Math.min(o.length - 1, Math.ceil(0.99 * o.length) - 1)]));
            offered.add(profileAll[i] * 10);
            toCRate.add(calls[i]);
        }
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "The breaker's state (0 closed, 1 half-open, 2 open) and calls to C per second / 100 (seed %d)", seed),
                "state", List.of(new TimeSeriesChart.Series("breaker state", at, level),
                        new TimeSeriesChart.Series("calls to C per second / 100", seconds,
                                toCRate.stream().map(v -> v / 100).toList())), bands));
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "A's error rate per endpoint, %% of requests by when they were made (seed %d)", seed), "% failed",
                List.of(new TimeSeriesChart.Series("GetProfile (needs C)", seconds, pErr),
                        new TimeSeriesChart.Series("GetOrders (B only)", seconds, oErr)), bands));
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "A's p99 wait per endpoint, per 100 ms, ms (seed %d)", seed), "ms",
                List.of(new TimeSeriesChart.Series("GetProfile p99 (needs C)", seconds, p99),
                        new TimeSeriesChart.Series("GetOrders p99 (B only)", seconds, ordersP99)), bands));
    }

    String summary() {
        long end = faultAt + faultLength;
        return String.format(Locale.ROOT,
                "seed %d %s share %.2f: orders ok %.4f p99 %.0f | profile p99 %.0f | sick amp %.3f p50 %.0f | after ok %.4f | "
                        + "amp %.3f", seed, shape, share, success(asked(false, 0, duration)),
                Time.toMillis(percentile(asked(false, 0, duration), 0.99)), Time.toMillis(percentile(asked(true, 0, duration), 0.99)),
                amplification(faultAt + Time.seconds(1), end), Time.toMillis(percentile(asked(true, faultAt + Time.seconds(1), end), 0.5)),
                success(asked(true, end + Time.seconds(2), duration)), amplification(0, duration));
    }
}
