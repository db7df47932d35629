import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.net.Partition;
import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcClient;
import dev.loadbearing.sim.rpc.RpcService;
import dev.loadbearing.sim.rpc.RpcStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Users ask the app for quotes (Poisson arrivals), each waiting a few hundred milliseconds; the
 * app's QuoteClient calls the "quotes" service over a network of 2-4 ms each way. The service has
 * 32 workers and answers in 8 ms of work on average, but some calls hang for seconds, and the
 * test adds outages: crashes (UNAVAILABLE at once), stalls (the service freezes) and partitions
 * (nothing comes back). Records every user request and every attempt, and checks them.
 */
final class CallRun {
    /** One user request: when it came, how long the user waits, and what the QuoteClient answered. */
    static final class Ask {
        final long at;
        final long deadline;
        long answeredAt = -1;
        Call answer;
        /** The answer's status when done was called: a call still in flight then is no answer. */
        RpcStatus status;
        int answers;

        Ask(long at, long deadline) {
            this.at = at;
            this.deadline = deadline;
        }

        boolean ok() {
            return answers == 1 && status == RpcStatus.OK && answeredAt <= deadline;
        }

        /** What the user waited: until the answer, or until they gave up at the deadline. */
        long waited() {
            return answeredAt < 0 || answeredAt > deadline ? deadline - at : answeredAt - at;
        }
    }

    final long seed;
    final double rate;
    final long budget;
    final long duration;
    final Sim sim;
    final Network net;
    final RpcService service;
    final RpcClient client;
    final List<Ask> asks = new ArrayList<>();
    final List<Call> attempts = new ArrayList<>();
    final List<Fault> faults = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    private final Set<String> problemKinds = new java.util.HashSet<>();
    private final Set<Call> made = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Call, Ask> used = new IdentityHashMap<>();
    private final String story;
    private QuoteClient quotes;

    /**
     * @param rate user requests per second
     * @param budget how long each user waits, in nanoseconds
     * @param hang the share of calls that hang for 1 to 5 s
     * @param story what the scenario is, for messages
     */
    CallRun(long seed, double rate, long budget, double hang, long duration, String story) {
        this.seed = seed;
        this.rate = rate;
        this.budget = budget;
        this.duration = duration;
        this.story = story;
        sim = new Sim(seed);
        net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(2), Time.ms(4)));
        service = new RpcService(sim, net, "quotes").workers(32).queueCapacity(2_000)
                .unary("GetQuote", Distribution.exponential(Time.ms(8)), 500)
                .stalls(hang, Distribution.uniform(Time.seconds(1), Time.seconds(5)));
        client = new RpcClient(sim, net, "app");
        client.onStart(call -> {
            made.add(call);
            attempts.add(call);
        });
    }

    // ------------------------------------------------------------------------- scenarios

    /** Some calls hang for 1-5 s; nothing else goes wrong. */
    static CallRun hangs(long seed, double rate, long budget, double hang) {
        return new CallRun(seed, rate, budget, hang, Time.seconds(12),
                String.format(Locale.ROOT, "%.1f%% of calls hang", 100 * hang)).run();
    }

    /** The service crashes at {@code at} and is down for {@code length}: every call fails fast with UNAVAILABLE. */
    static CallRun outage(long seed, double rate, long budget, long at, long length) {
        return new CallRun(seed, rate, budget, 0.01, at + length + Time.seconds(5),
                String.format(Locale.ROOT, "the service is down from %.1f s for %.1f s", Time.toSeconds(at), Time.toSeconds(length)))
                .crash(at, length).run();
    }

    /** The network to the service is cut: calls get no answer at all until their deadlines. */
    static CallRun blackHole(long seed, double rate, long budget, long at, long length) {
        return new CallRun(seed, rate, budget, 0.01, at + length + Time.seconds(4),
                String.format(Locale.ROOT, "the network to the service is cut from %.1f s for %.1f s", Time.toSeconds(at),
                        Time.toSeconds(length))).partition(at, length).run();
    }

    /**
     * Three times the service freezes for 55-70 ms (calls pile up in its hands) and is then killed
     * and restarted by its supervisor, resetting every call it held at the same instant.
     */
    static CallRun resets(long seed, double rate, long budget) {
        java.util.Random random = new java.util.Random(seed * 31 + 7);
        CallRun run = new CallRun(seed, rate, budget, 0.01, Time.seconds(10),
                "the service is killed and restarted 3 times with calls in hand");
        for (int i = 0; i < 3; i++) {
            long at = Time.seconds(1 + 3 * i) + Time.ms(random.nextInt(1000));
            long stall = Time.ms(55 + random.nextInt(15));
            run.stall(at, stall);
            run.crash(at + stall, Time.ms(100 + random.nextInt(150)));
        }
        return run.run();
    }

    CallRun crash(long at, long length) {
        service.crashAt(at);
        service.restartAt(at + length);
        return this;
    }

    CallRun stall(long at, long length) {
        service.stallAt(at, length);
        return this;
    }

    CallRun partition(long at, long length) {
        Partition[] cut = new Partition[1];
        sim.at(at, "partition app | quotes", () -> cut[0] = net.partition("app", "quotes"));
        sim.at(at + length, "heal", () -> cut[0].heal());
        faults.add(new Fault("network cut", at, at + length));
        return this;
    }

    CallRun run() {
        quotes = new QuoteClient(client, sim.random("app/jitter"));
        var gaps = Distribution.exponential(Time.seconds(1) / rate);
        var arrivals = sim.random("test/arrivals");
        for (long at = gaps.sampleNanos(arrivals); at < duration; at += gaps.sampleNanos(arrivals)) {
            Ask ask = new Ask(at, at + budget);
            asks.add(ask);
            sim.at(at, "user asks", () -> quotes.getQuote(ask.deadline, call -> answer(ask, call)));
        }
        sim.runFor(duration + Time.seconds(10));
        faults.addAll(service.faults());
        return this;
    }

    private void answer(Ask ask, Call call) {
        ask.answers++;
        if (ask.answers > 1) {
            problem("a user request was answered twice (done called %d times); call done exactly once", ask.answers);
            return;
        }
        ask.answeredAt = sim.now();
        ask.answer = call;
        if (call != null && !made.contains(call)) {
            problem("done was given a call this client did not make");
        } else if (call != null && used.containsKey(call)) {
            ask.answer = null;
            problem("one call was given to done for two user requests; each user request needs its own answer");
        } else if (call != null) {
            used.put(call, ask);
            ask.status = call.status();
            if (call.status() == null) {
                problem("done was given a call still in flight (at %.3f s): the user gets an answer only from a call that has "
                        + "ended, so call done from the call's callback", Time.toSeconds(sim.now()));
            }
        }
    }

    private void problem(String format, Object... args) {
        if (problemKinds.add(format) && problems.size() < 3) {
            problems.add(String.format(Locale.ROOT, format, args));
        }
    }

    // ------------------------------------------------------------------------- measures

    String where() {
        return String.format(Locale.ROOT, "seed %d, %s, %.0f requests/s, users wait %.0f ms", seed, story, rate,
                Time.toMillis(budget));
    }

    List<Ask> asked(long from, long to) {
        return asks.stream().filter(a -> a.at >= from && a.at < to).toList();
    }

    long attemptsBetween(long from, long to) {
        return attempts.stream().filter(c -> c.startedAt() >= from && c.startedAt() < to).count();
    }

    static double successShare(List<Ask> asks) {
        return asks.isEmpty() ? 1 : asks.stream().filter(Ask::ok).count() / (double) asks.size();
    }

    static long p99(List<Ask> asks) {
        long[] waits = asks.stream().mapToLong(Ask::waited).sorted().toArray();
        return waits.length == 0 ? 0 : waits[(int) Math.min(waits.length - 1, Math.ceil(0.99 * waits.length) - 1)];
    }

    /** The most attempts that started in any window of this width, and where it starts. */
    long[] busiestWindow(long width) {
        long[] starts = attempts.stream().mapToLong(Call::startedAt).sorted().toArray();
        long best = 0;
        long at = 0;
        int left = 0;
        for (int right = 0; right < starts.length; right++) {
            while (starts[right] - starts[left] >= width) {
                left++;
            }
            if (right - left + 1 > best) {
                best = right - left + 1;
                at = starts[left];
            }
        }
        return new long[] {best, at};
    }

    private String outcomes(List<Ask> asks) {
        long[] counts = new long[RpcStatus.values().length];
        long none = 0;
        long late = 0;
        for (Ask ask : asks) {
            if (ask.answers == 0) {
                none++;
            } else if (ask.answeredAt > ask.deadline) {
                late++;
            } else if (ask.status != null) {
                counts[ask.status.ordinal()]++;
            }
        }
        List<String> parts = new ArrayList<>();
        for (RpcStatus status : RpcStatus.values()) {
            if (counts[status.ordinal()] > 0) {
                parts.add(counts[status.ordinal()] + " " + status);
            }
        }
        if (late > 0) {
            parts.add(late + " answered after the user had left");
        }
        if (none > 0) {
            parts.add(none + " never answered");
        }
        return String.join(", ", parts);
    }

    // ------------------------------------------------------------------------- checks

    void assertWellBehaved() {
        if (!problems.isEmpty()) {
            throw new AssertionError(where() + ": " + String.join("; ", problems));
        }
        long late = asks.stream().filter(a -> a.answers == 1 && a.answeredAt > a.deadline).count();
        long never = asks.stream().filter(a -> a.answers == 0).count();
        if (never > 0 || late > 0) {
            Ask first = asks.stream().filter(a -> a.answers == 0 || a.answeredAt > a.deadline).findFirst().orElseThrow();
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d of %d user requests were never answered and %d were answered after their deadline (the first "
                            + "asked at %.3f s). A call without a deadline (timeout 0) to a service that hangs or cannot be "
                            + "reached waits for ever; give every attempt a timeout no longer than the time the user has "
                            + "left, and call done by the deadline even when every attempt failed",
                    where(), never, asks.size(), late, Time.toSeconds(first.at)));
        }
    }

    void assertSuccess(long from, long to, double atLeast, String when) {
        List<Ask> window = asked(from, to);
        double share = successShare(window);
        if (share < atLeast) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s, %.2f%% of %d user requests got a quote within their deadline; at least %.1f%% should. They "
                            + "ended: %s. %s",
                    where(), when, 100 * share, window.size(), 100 * atLeast, outcomes(window), successAdvice(window)));
        }
    }

    private static String successAdvice(List<Ask> window) {
        long hung = window.stream().filter(a -> a.status == RpcStatus.DEADLINE_EXCEEDED).count();
        long down = window.stream().filter(a -> a.status == RpcStatus.UNAVAILABLE).count();
        if (hung >= down) {
            return "Most failures waited for a call that hung. Give each attempt a deadline much shorter than the user's "
                    + "(a little above the service's normal p99.9) so there is time left to try again: the retry almost "
                    + "always lands on a call that does not hang";
        }
        return "Most failures were UNAVAILABLE: the service was briefly down. Retrying at once fails again just as fast; "
                + "wait a backoff that doubles with each attempt (with jitter) so a retry lands after the service is back";
    }

    void assertP99(long from, long to, long most) {
        List<Ask> window = asked(from, to);
        long p99 = p99(window);
        if (p99 > most) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: users waited %.0f ms at p99 (success or failure, up to their deadline); at most %.0f ms is "
                            + "possible. Normal calls take 10-50 ms, so a p99 like this is calls that hang being waited for: "
                            + "an attempt's deadline should be a little above the normal p99.9, not the user's whole deadline",
                    where(), Time.toMillis(p99), Time.toMillis(most)));
        }
    }

    /** Attempts per user request over a window: the load the client puts on the service, against what users asked for. */
    double amplification(long from, long to) {
        long offered = asked(from, to).size();
        return offered == 0 ? 0 : attemptsBetween(from, to) / (double) offered;
    }

    void assertAmplification(long from, long to, double most, String when) {
        double factor = amplification(from, to);
        if (factor > most) {
            long offered = asked(from, to).size();
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s, users made %d requests and the service got %d calls: %.2f× the offered load, at most %.2f× "
                            + "allowed. %s",
                    where(), when, offered, attemptsBetween(from, to), factor, most,
                    factor > 1.9 ? "Every request is retried again and again (or sent twice at once): when the service is "
                            + "down, that multiplies its load just as it tries to come back, a retry storm. Keep a retry "
                            + "budget: count requests, allow retries up to a tenth of them, and give up when the budget is empty"
                            : "Retries must stay within a budget of about 10% of requests. A budget that saves up what it "
                            + "did not spend for ever lets a burst of retries through when an outage starts: cap how "
                            + "many it can hold"));
        }
    }

    /** The worst single second of a window: attempts started in it over user requests made in it. */
    double[] worstSecond(long from, long to) {
        double worst = 0;
        long at = from;
        for (long start = from; start + Time.SECOND <= to; start += Time.SECOND) {
            double factor = amplification(start, start + Time.SECOND);
            if (factor > worst) {
                worst = factor;
                at = start;
            }
        }
        return new double[] {worst, at};
    }

    void assertNoBurst(long from, long to, double most, String when) {
        double[] worst = worstSecond(from, to);
        if (worst[0] > most) {
            long start = (long) worst[1];
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s, in the second from %.1f s users made %d requests and the service got %d calls: %.2f×, at most "
                            + "%.2f× allowed in any one second. The retries came in a burst: a budget that saves up the "
                            + "retries it did not spend (for example 10%% of every request since the start) spends them all "
                            + "when the outage begins. Cap what the budget can hold at a small number, such as 20",
                    where(), when, Time.toSeconds(start), asked(start, start + Time.SECOND).size(),
                    attemptsBetween(start, start + Time.SECOND), worst[0], most));
        }
    }

    void assertNoSpike(long width, long most) {
        long[] busiest = busiestWindow(width);
        if (busiest[0] > most) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d calls started within %.0f ms of %.3f s, where users send about %.1f in that time; at most %d "
                            + "are allowed. Calls that failed together (a crash resets every call in hand) were retried "
                            + "together: a backoff without jitter keeps them in lockstep. Wait a random share of the "
                            + "backoff (full jitter: random.nextDouble() × backoff) to spread them out",
                    where(), busiest[0], Time.toMillis(width), Time.toSeconds(busiest[1]), rate * Time.toSeconds(width),
                    most));
        }
    }

    // ------------------------------------------------------------------------- figures

    void attachFigures() {
        long until = duration;
        int bins = (int) Math.min(600, until / Time.ms(100));
        double[] offered = new double[bins];
        double[] calls = new double[bins];
        double[] ok = new double[bins];
        double[] timedOut = new double[bins];
        double[] unavailable = new double[bins];
        double[] other = new double[bins];
        for (Ask ask : asks) {
            int bin = (int) (ask.at / Time.ms(100));
            if (bin < bins) {
                offered[bin] += 10;
            }
        }
        for (Call call : attempts) {
            int bin = (int) (call.startedAt() / Time.ms(100));
            if (bin >= bins) {
                continue;
            }
            calls[bin] += 10;
            RpcStatus status = call.status();
            if (status == RpcStatus.OK) {
                ok[bin] += 10;
            } else if (status == RpcStatus.DEADLINE_EXCEEDED) {
                timedOut[bin] += 10;
            } else if (status == RpcStatus.UNAVAILABLE) {
                unavailable[bin] += 10;
            } else {
                other[bin] += 10;
            }
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            seconds.add(i * 0.1);
        }
        List<Band> bands = Fault.bands(faults, sim.now());
        Figures.attach(new TimeSeriesChart(
                String.format(Locale.ROOT, "Load on the service: calls per second vs user requests per second (seed %d)", seed),
                "per second", List.of(new TimeSeriesChart.Series("user requests", seconds, list(offered)),
                        new TimeSeriesChart.Series("calls (attempts)", seconds, list(calls))), bands));
        Figures.attach(new TimeSeriesChart(
                String.format(Locale.ROOT, "How the calls ended, per second, by when they started (seed %d)", seed),
                "calls per second", List.of(new TimeSeriesChart.Series("OK", seconds, list(ok)),
                        new TimeSeriesChart.Series("DEADLINE_EXCEEDED", seconds, list(timedOut)),
                        new TimeSeriesChart.Series("UNAVAILABLE", seconds, list(unavailable)),
                        new TimeSeriesChart.Series("other", seconds, list(other))), bands));
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    /** Calibration line: success, p99, amplification and the busiest 10 ms. */
    String summary() {
        return String.format(Locale.ROOT, "seed %d %s: success %.4f p99 %.0f ms amp %.3f busiest10ms %d %s", seed, story,
                successShare(asks), Time.toMillis(p99(asks)), amplification(0, duration), busiestWindow(Time.ms(10))[0],
                Arrays.toString(new long[] {asks.size(), attempts.size()}));
    }
}
