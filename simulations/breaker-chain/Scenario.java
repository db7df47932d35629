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
import dev.loadbearing.sim.rpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Users → A → B → C for 10 s. A sends GetProfile (B calls C) and 100 GetOrders a second (B only)
 * and waits 250 ms; B's workers are shared, and a call waiting for C holds one. From 3 s C hangs,
 * fails or is down. The reader picks B's pool, its timeout to C and whether a breaker guards it.
 */
public final class Scenario implements LiveScenario {
    private static final long DURATION = Time.seconds(10);
    private static final long FAULT_AT = Time.seconds(3);
    private static final long A_WAITS = Time.ms(250);

    @Override
    public LiveRun run(LiveParameters p) {
        Sim sim = new Sim(p.seed());
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(2)));
        RpcService c = new RpcService(sim, net, "c").workers(32).queueCapacity(2_000)
                .unary("GetRecommendations", Distribution.exponential(Time.ms(8)), 800);
        RpcService b = new RpcService(sim, net, "b").workers(p.integer("workers")).queueCapacity(500);
        Breaker breaker = new Breaker(p.flag("breaker"));
        long timeout = Time.ms(p.integer("timeoutMs"));
        List<Call> toC = new ArrayList<>();
        b.client().onStart(toC::add);
        b.unaryAsync("GetProfile", Distribution.constant(Time.ms(1)), in -> serve(in, breaker, timeout));
        b.unary("GetOrders", Distribution.exponential(Time.ms(3)), 300);
        long end = FAULT_AT + Time.seconds(p.integer("length"));
        List<Fault> faults = new ArrayList<>();
        switch (p.choice("fault")) {
            case "slow" -> {
                sim.at(FAULT_AT, "c slows", () -> c.stalls(0.9, Distribution.uniform(Time.seconds(1), Time.seconds(3))));
                sim.at(end, "c recovers", () -> c.stalls(0, Distribution.constant(0)));
                faults.add(new Fault("c slow", FAULT_AT, end));
            }
            case "errors" -> {
                sim.at(FAULT_AT, "c fails", () -> c.errorRate(0.9));
                sim.at(end, "c recovers", () -> c.errorRate(0));
                faults.add(new Fault("c fails", FAULT_AT, end));
            }
            case "down" -> {
                c.crashAt(FAULT_AT);
                c.restartAt(end);
            }
            default -> { }
        }
        RpcClient a = new RpcClient(sim, net, "a");
        List<Call> profile = new ArrayList<>();
        List<Call> orders = new ArrayList<>();
        send(sim, a, "GetProfile", p.integer("rate"), profile);
        send(sim, a, "GetOrders", 100, orders);
        int bins = (int) (DURATION / Time.ms(100));
        List<Double> seconds = new ArrayList<>();
        List<Double> state = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            long at = i * Time.ms(100);
            seconds.add(i * 0.1);
            sim.at(at, "look at the breaker", () -> state.add(breaker.level(sim.now())));
        }
        sim.runFor(DURATION + Time.seconds(1));
        faults.addAll(c.faults());
        List<Band> bands = Fault.bands(faults, sim.now());
        double[] calls = new double[bins];
        for (Call call : toC) {
            int bin = (int) (call.startedAt() / Time.ms(100));
            if (bin < bins) {
                calls[bin] += 10.0 / 100;
            }
        }
        String summary = String.format(Locale.ROOT, "GetOrders (B only): %.1f%% answered, p99 %.0f ms. GetProfile (needs C): "
                + "%.1f%% answered, p99 %.0f ms. C got %.2f calls per GetProfile request.", 100 * ok(orders),
                Time.toMillis(p99(orders, 0, DURATION)), 100 * ok(profile), Time.toMillis(p99(profile, 0, DURATION)),
                toC.size() / (double) Math.max(1, profile.size()));
        List<Double> ordersP99 = new ArrayList<>();
        List<Double> profileP99 = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            long from = i * Time.ms(100);
            ordersP99.add(Time.toMillis(p99(orders, from, from + Time.ms(100))));
            profileP99.add(Time.toMillis(p99(profile, from, from + Time.ms(100))));
        }
        List<Double> callsPerSecond = new ArrayList<>();
        for (double v : calls) {
            callsPerSecond.add(v);
        }
        return new LiveRun(summary, List.of(
                new TimeSeriesChart("A's p99 wait per 100 ms, by endpoint, ms (seed " + p.seed() + ")", "ms",
                        List.of(new TimeSeriesChart.Series("GetOrders (B only)", seconds, ordersP99),
                                new TimeSeriesChart.Series("GetProfile (needs C)", seconds, profileP99)), bands),
                new TimeSeriesChart("The breaker (0 closed, 1 half-open, 2 open) and calls to C per second / 100 (seed "
                        + p.seed() + ")", "state", List.of(new TimeSeriesChart.Series("breaker state", seconds, state),
                                new TimeSeriesChart.Series("calls to C per second / 100", seconds, callsPerSecond)), bands)));
    }

    private static void serve(ServerCall in, Breaker breaker, long timeout) {
        if (!breaker.allow(in.now())) {
            in.fail(RpcStatus.UNAVAILABLE);
            return;
        }
        in.call("c", "GetRecommendations", null, 100, timeout, call -> {
            if (call.status() != RpcStatus.CANCELLED) {
                breaker.record(call.isOk(), in.now());
            }
            if (call.isOk()) {
                in.reply(null, 800);
            } else {
                in.fail(RpcStatus.UNAVAILABLE);
            }
        });
    }

    private static void send(Sim sim, RpcClient a, String method, double rate, List<Call> calls) {
        Distribution gaps = Distribution.exponential(Time.seconds(1) / rate);
        RandomStream random = sim.random("users/" + method);
        for (long at = gaps.sampleNanos(random); at < DURATION; at += gaps.sampleNanos(random)) {
            sim.at(at, "user asks", () -> calls.add(a.call("b", method, 100, A_WAITS, call -> { })));
        }
    }

    private static double ok(List<Call> calls) {
        return calls.isEmpty() ? 1 : calls.stream().filter(Call::isOk).count() / (double) calls.size();
    }

    private static long p99(List<Call> calls, long from, long to) {
        long[] waits = calls.stream().filter(x -> x.startedAt() >= from && x.startedAt() < to)
                .mapToLong(x -> x.latency() < 0 ? A_WAITS : x.latency()).sorted().toArray();
        return waits.length == 0 ? 0 : waits[(int) Math.min(waits.length - 1, Math.ceil(0.99 * waits.length) - 1)];
    }

    /** Opens when half of the last 20 outcomes failed; half-open after 500 ms; 3 probe successes close it. */
    private static final class Breaker {
        private final boolean on;
        private final boolean[] failed = new boolean[20];
        private int next;
        private int seen;
        private int failures;
        private String state = "closed";
        private long openedAt;
        private long probeAt = -1;
        private int passed;

        Breaker(boolean on) {
            this.on = on;
        }

        boolean allow(long now) {
            if (!on || state.equals("closed")) {
                return true;
            }
            if (state.equals("open") && now - openedAt < Time.ms(500)) {
                return false;
            }
            if (state.equals("open")) {
                state = "half-open";
                passed = 0;
            }
            if (probeAt >= 0 && now - probeAt < Time.ms(200)) {
                return false;
            }
            probeAt = now;
            return true;
        }

        void record(boolean ok, long now) {
            if (!on) {
                return;
            }
            if (state.equals("half-open")) {
                probeAt = -1;
                if (!ok) {
                    state = "open";
                    openedAt = now;
                } else if (++passed >= 3) {
                    state = "closed";
                    seen = 0;
                    failures = 0;
                    next = 0;
                    java.util.Arrays.fill(failed, false);
                }
                return;
            }
            if (!state.equals("closed")) {
                return;
            }
            if (seen == failed.length && failed[next]) {
                failures--;
            }
            failed[next] = !ok;
            failures += ok ? 0 : 1;
            next = (next + 1) % failed.length;
            seen = Math.min(failed.length, seen + 1);
            if (seen >= 10 && failures * 2 >= seen) {
                state = "open";
                openedAt = now;
            }
        }

        double level(long now) {
            if (state.equals("open")) {
                return now - openedAt >= Time.ms(500) ? 1 : 2;
            }
            return state.equals("half-open") ? 1 : 0;
        }
    }
}
