import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.function.FunctionPlatform;
import dev.loadbearing.sim.function.FunctionWindow;
import dev.loadbearing.sim.function.ProvisioningPolicy;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.workload.Workload;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A day squeezed into 20 minutes: 4 to 40 invocations/s of 200 ms each, a two-second burst
 * every 20 to 60 s, on a function with 1 GB of memory whose cold start is 0.4-0.8 s of platform
 * start-up plus its own init time. The same traffic on always-on servers is priced for comparison.
 */
public final class Scenario implements LiveScenario {
    private static final long DAY = Time.minutes(20);
    private static final double[] CURVE = {0.2, 0.2, 0.4, 0.8, 1.3, 1.8, 2.0, 1.9, 1.5, 1.1, 0.8, 0.5, 0.3, 0.2};
    private static final double BASE = 20;
    private static final double HANDLER_MS = 200;
    /** An always-on server with 2 vCPUs serving 10 invocations at once, at about 0.08 dollars an hour (illustrative). */
    private static final double SERVER_PER_HOUR = 0.08;
    private static final int SERVER_SLOTS = 10;

    @Override
    public LiveRun run(LiveParameters p) {
        String policyName = p.choice("policy");
        int fixed = p.integer("fixed");
        double headroom = 1 + p.integer("headroom") / 100.0;
        int remember = p.integer("remember");
        double burst = p.number("bursts");
        Sim sim = new Sim(p.seed());
        FunctionPlatform platform = new FunctionPlatform(sim)
                .handlerTime(Distribution.erlang(3, Time.ms(HANDLER_MS)))
                .coldStart(Distribution.uniform(Time.ms(400), Time.ms(800)))
                .initTime(Distribution.uniform(Time.ms(p.integer("init") * 0.6), Time.ms(p.integer("init") * 1.4 + 1)))
                .idleTimeout(Time.seconds(p.integer("idle")))
                .window(Time.seconds(30));
        ProvisioningPolicy policy = switch (policyName) {
            case "fixed" -> window -> fixed;
            case "tracking" -> tracking(headroom, remember);
            default -> null;
        };
        int seconds = (int) (DAY / Time.SECOND) + 1;
        double[] shape = new double[seconds];
        SplittableRandom random = new SplittableRandom(p.seed());
        for (int s = 0; s < seconds; s++) {
            double along = s / 100.0;
            int i = Math.min(CURVE.length - 2, (int) along);
            shape[s] = CURVE[i] + (CURVE[i + 1] - CURVE[i]) * Math.min(1, along - i);
        }
        for (long t = 20 + random.nextInt(20); burst > 1 && t < seconds - 3; t += 20 + random.nextInt(40)) {
            double factor = burst * (0.7 + 0.6 * random.nextDouble());
            shape[(int) t] *= factor;
            shape[(int) t + 1] *= factor;
        }
        platform.start(policy, DAY);
        var load = Workload.openLoop(BASE).profile(Time.SECOND, shape);
        load.start(sim, platform::submit, request -> { });
        sim.runFor(DAY);

        // The same day on always-on servers sized for the busiest second, all day.
        double busiest = 0;
        for (double value : shape) {
            busiest = Math.max(busiest, value * BASE * HANDLER_MS / 1000);
        }
        int servers = (int) Math.ceil((busiest + 3 * Math.sqrt(busiest)) / SERVER_SLOTS);
        double serverCost = servers * SERVER_PER_HOUR * Time.toSeconds(DAY) / 3600;
        FunctionPlatform.Bill bill = platform.bill();
        FunctionPlatform.Stats stats = platform.stats();
        String summary = String.format(Locale.ROOT,
                "%.2f%% of %d invocations were cold starts and p99 was %.0f ms; %d throttled. The function cost $%.3f "
                        + "($%.3f of it keeping provisioned instances warm); %d always-on servers sized for the "
                        + "busiest second would cost $%.3f for the same 20 minutes.",
                100 * stats.coldStartRate(), stats.invocations(), Time.toMillis(platform.latencies().percentile(99)),
                stats.throttled(), bill.total(), bill.provisioned(), servers, serverCost);
        List<Double> at = new ArrayList<>();
        List<Double> function = new ArrayList<>();
        List<Double> always = new ArrayList<>();
        double perWindowServers = servers * SERVER_PER_HOUR * 30 / 3600;
        double sum = 0;
        double prices = 0;
        for (FunctionWindow window : platform.windows()) {
            sum += perWindowServers;
            at.add(Time.toSeconds(window.end()));
            always.add(sum);
        }
        // The function's cost accrues with its work; spread the bill by each window's invocations.
        long total = Math.max(1, stats.invocations());
        for (FunctionWindow window : platform.windows()) {
            prices += bill.total() * window.invocations() / total;
            function.add(prices);
        }
        return new LiveRun(summary, List.of(
                platform.concurrencyChart("Concurrency and provisioned instances (seed " + p.seed() + ")"),
                platform.coldStartChart("Invocations, cold starts and throttles per second"),
                platform.latencyChart("p99 per 30 s window", 1000),
                new TimeSeriesChart("Cost so far, dollars (function spread by invocations)", "dollars", List.of(
                        new TimeSeriesChart.Series("the function", at, function),
                        new TimeSeriesChart.Series(servers + " always-on servers", at, always)), List.of())));
    }

    /** Little's law on the busiest second, three standard deviations, headroom, the largest of recent windows. */
    private static ProvisioningPolicy tracking(double headroom, int remember) {
        ArrayDeque<Integer> recent = new ArrayDeque<>();
        return window -> {
            double busiest = window.peakRequestsPerSecond() * Math.max(1, window.meanDurationMs()) / 1000;
            recent.addLast((int) Math.ceil((busiest + 3 * Math.sqrt(busiest)) * headroom));
            if (recent.size() > remember) {
                recent.removeFirst();
            }
            int most = 0;
            for (int value : recent) {
                most = Math.max(most, value);
            }
            return most;
        };
    }
}
