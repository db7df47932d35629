import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcClient;
import dev.loadbearing.sim.rpc.RpcService;
import dev.loadbearing.sim.rpc.RpcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * 200 user requests per second for 14 s, each waiting 400 ms, against a service of 32 workers
 * (8 ms of work on average, 2-4 ms away) whose calls sometimes hang for 1-5 s and which may be
 * down from 6 s. The client's policy is the reader's: attempt deadline, retries, backoff, budget.
 */
public final class Scenario implements LiveScenario {
    private static final double RATE = 200;
    private static final long DURATION = Time.seconds(14);
    private static final long USER_WAIT = Time.ms(400);
    private static final long OUTAGE_AT = Time.seconds(6);

    @Override
    public LiveRun run(LiveParameters p) {
        Sim sim = new Sim(p.seed());
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(2), Time.ms(4)));
        RpcService service = new RpcService(sim, net, "quotes").workers(32).queueCapacity(2_000)
                .unary("GetQuote", Distribution.exponential(Time.ms(8)), 500)
                .stalls(p.number("hang") / 100, Distribution.uniform(Time.seconds(1), Time.seconds(5)));
        long outage = Time.seconds(p.integer("outage"));
        if (outage > 0) {
            service.crashAt(OUTAGE_AT);
            service.restartAt(OUTAGE_AT + outage);
        }
        RpcClient client = new RpcClient(sim, net, "app");
        List<Call> attempts = new ArrayList<>();
        client.onStart(attempts::add);
        Policy policy = new Policy(client, sim.random("app/jitter"), Time.ms(p.integer("attemptMs")), p.integer("retries"),
                p.choice("backoff"), p.flag("budget"));
        int bins = (int) (DURATION / Time.ms(100));
        double[] offered = new double[bins];
        double[] answered = new double[bins];
        long[] counts = new long[2];
        RandomStream arrivals = sim.random("users");
        Distribution gaps = Distribution.exponential(Time.seconds(1) / RATE);
        for (long at = gaps.sampleNanos(arrivals); at < DURATION; at += gaps.sampleNanos(arrivals)) {
            long deadline = at + USER_WAIT;
            int bin = (int) (at / Time.ms(100));
            offered[bin] += 10;
            counts[0]++;
            sim.at(at, "user asks", () -> policy.get(deadline, call -> {
                if (call.isOk() && sim.now() <= deadline) {
                    answered[bin] += 10;
                    counts[1]++;
                }
            }));
        }
        sim.runFor(DURATION + Time.seconds(6));
        double[] calls = new double[bins];
        double[] unavailable = new double[bins];
        double[] timedOut = new double[bins];
        long duringOutage = 0;
        for (Call call : attempts) {
            int bin = (int) (call.startedAt() / Time.ms(100));
            if (bin >= bins) {
                continue;
            }
            calls[bin] += 10;
            if (call.status() == RpcStatus.UNAVAILABLE) {
                unavailable[bin] += 10;
            } else if (call.status() == RpcStatus.DEADLINE_EXCEEDED) {
                timedOut[bin] += 10;
            }
            if (call.startedAt() >= OUTAGE_AT && call.startedAt() < OUTAGE_AT + outage) {
                duringOutage++;
            }
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            seconds.add(i * 0.1);
        }
        List<Band> bands = Fault.bands(service.faults(), sim.now());
        String load = outage > 0
                ? String.format(Locale.ROOT, " While it was down the service got %.1f× the calls users made.",
                        duringOutage / (RATE * Time.toSeconds(outage)))
                : "";
        String summary = String.format(Locale.ROOT, "%.1f%% of users got a quote within 400 ms; the client made %.2f calls per user request.%s",
                100.0 * counts[1] / counts[0], attempts.size() / (double) counts[0], load);
        return new LiveRun(summary, List.of(
                new TimeSeriesChart("Calls per second against user requests per second (seed " + p.seed() + ")", "per second",
                        List.of(new TimeSeriesChart.Series("user requests", seconds, list(offered)),
                                new TimeSeriesChart.Series("calls to the service", seconds, list(calls)),
                                new TimeSeriesChart.Series("quotes in time", seconds, list(answered))), bands),
                new TimeSeriesChart("Failed calls per second by status (seed " + p.seed() + ")", "calls per second",
                        List.of(new TimeSeriesChart.Series("UNAVAILABLE", seconds, list(unavailable)),
                                new TimeSeriesChart.Series("DEADLINE_EXCEEDED", seconds, list(timedOut))), bands)));
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    /** The reader's client policy. */
    private static final class Policy {
        private final RpcClient client;
        private final RandomStream random;
        private final long attemptTimeout;
        private final int maxRetries;
        private final String backoff;
        private final boolean budgeted;
        private double budget = 20;

        Policy(RpcClient client, RandomStream random, long attemptTimeout, int maxRetries, String backoff, boolean budgeted) {
            this.client = client;
            this.random = random;
            this.attemptTimeout = attemptTimeout;
            this.maxRetries = maxRetries;
            this.backoff = backoff;
            this.budgeted = budgeted;
        }

        void get(long deadline, Consumer<Call> done) {
            budget = Math.min(20, budget + 0.1);
            attempt(deadline, done, 0);
        }

        private void attempt(long deadline, Consumer<Call> done, int retries) {
            long left = deadline - client.now();
            client.call("quotes", "GetQuote", 200, Math.max(1, Math.min(attemptTimeout, left)), call -> {
                boolean retryable = call.status() == RpcStatus.UNAVAILABLE || call.status() == RpcStatus.DEADLINE_EXCEEDED;
                long ceiling = Math.min(Time.ms(320), Time.ms(40) << Math.min(retries, 10));
                long wait = switch (backoff) {
                    case "none" -> 0;
                    case "exponential" -> ceiling;
                    default -> (long) (random.nextDouble() * ceiling);
                };
                if (call.isOk() || !retryable || retries >= maxRetries || (budgeted && budget < 1)
                        || client.now() + wait + Time.ms(5) > deadline) {
                    done.accept(call);
                    return;
                }
                budget -= 1;
                client.after(wait, () -> attempt(deadline, done, retries + 1));
            });
        }
    }
}
