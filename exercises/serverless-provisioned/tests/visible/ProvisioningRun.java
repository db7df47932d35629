import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.function.FunctionPlatform;
import dev.loadbearing.sim.function.FunctionWindow;
import dev.loadbearing.sim.function.ProvisioningPolicy;
import dev.loadbearing.sim.workload.OpenLoop;
import dev.loadbearing.sim.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One day of an API function squeezed into 30 minutes: traffic rises from a quiet night to a
 * midday peak and falls again; every 20 to 60 s a two-second burst of about four times the
 * traffic arrives (a push notification, a page that fans out), and once a day a spike of 2-3x
 * lasts a minute or more. Each invocation runs about 200 ms (Erlang-3); a cold start takes
 * 0.4-0.8 s of the platform's start-up plus 0.6-1.4 s of the function's own initialisation (a
 * Java function with a framework); an on-demand instance idle for 20 s is reaped (the day is
 * squeezed, so is the idle timeout). The policy is asked every 30 s and sees only what the last
 * window measured.
 */
final class ProvisioningRun {
    static final long DAY = Time.minutes(30);
    static final long WINDOW = Time.seconds(30);
    static final long STEP = Time.seconds(100);
    static final long IDLE = Time.seconds(20);
    /** Bursts: two seconds at about four times the rate (2.8x to 5.2x), every 20 to 60 s. */
    static final double BURST = 4;
    static final long BURST_EVERY = 40;
    /** The day's shape: one multiplier of the base rate every 100 s. */
    static final double[] CURVE = {0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.4, 1.8, 2.0, 2.0, 1.8, 1.5, 1.2, 1.0, 0.8, 0.5,
            0.3, 0.2, 0.1};
    static final double TARGET_P99_MS = 1000;
    static final double MAX_COLD = 0.01;
    static final double MAX_COST_RATIO = 1.25;
    /** The online oracle remembers the busiest second of the last four windows (two minutes). */
    static final int ORACLE_WINDOWS = 4;
    static final int MEMORY_MB = 1024;

    /** What a run is given: the base rate, the handler time, the day's curve and a spike. */
    record Setup(String name, long seed, double baseRate, double handlerMs, double[] curve, long spikeAt,
            long spikeFor, double spikeFactor) {
        static Setup day(long seed) {
            return new Setup("the day", seed, 30, 200, CURVE, Time.seconds(420), Time.seconds(120), 2.5);
        }

        /** A day of random size and shape, its spike at a random time. */
        static Setup random(long seed) {
            SplittableRandom random = new SplittableRandom(seed * 7919 + 13);
            double base = 20 + 20 * random.nextDouble();
            double handlerMs = 140 + 140 * random.nextDouble();
            double peak = 1.6 + 0.8 * random.nextDouble();
            int peakAt = 6 + random.nextInt(7);
            double width = 3 + 1.5 * random.nextDouble();
            double[] curve = new double[CURVE.length];
            for (int i = 0; i < curve.length; i++) {
                double distance = (i - peakAt) / width;
                curve[i] = (0.08 + (peak - 0.08) * Math.exp(-distance * distance)) * (0.9 + 0.2 * random.nextDouble());
            }
            long spikeAt = Time.seconds(200 + random.nextInt(1300));
            double factor = 2 + random.nextDouble();
            return new Setup("a random day", seed, base, handlerMs, curve, spikeAt, Time.seconds(90 + random.nextInt(90)), factor);
        }

        /** The day as one multiplier of the base rate per second: the curve, the spike and the bursts. */
        double[] perSecond() {
            int seconds = (int) (DAY / Time.SECOND) + 1;
            double[] shape = new double[seconds];
            SplittableRandom random = new SplittableRandom(seed * 31 + 7);
            long nextBurst = 20 + random.nextInt(20);
            for (int s = 0; s < seconds; s++) {
                double along = s / (double) (STEP / Time.SECOND);
                int i = Math.min(curve.length - 2, (int) along);
                double value = curve[i] + (curve[i + 1] - curve[i]) * Math.min(1, along - i);
                if (spikeAt >= 0 && s * Time.SECOND >= spikeAt && s * Time.SECOND < spikeAt + spikeFor) {
                    value *= spikeFactor;
                }
                shape[s] = value;
            }
            while (BURST > 1 && nextBurst < seconds - 3) {
                double factor = BURST * (0.7 + 0.6 * random.nextDouble());
                for (int k = 0; k < 2; k++) {
                    shape[(int) nextBurst + k] *= factor;
                }
                nextBurst += BURST_EVERY / 2 + random.nextInt((int) BURST_EVERY);
            }
            return shape;
        }

        OpenLoop workload() {
            return Workload.openLoop(baseRate).profile(Time.SECOND, perSecond());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s (seed %d, base %.0f requests/s, %.0f ms an invocation, a %.1fx spike "
                    + "at minute %.1f)", name, seed, baseRate, handlerMs, spikeFactor, Time.toSeconds(spikeAt) / 60);
        }
    }

    private static final Map<String, ProvisioningRun> RUNS = new HashMap<>();

    /** The run of a setup with a fresh policy, made once and shared by the tests that check it. */
    static ProvisioningRun of(Setup setup, Supplier<ProvisioningPolicy> policy) {
        return RUNS.computeIfAbsent(setup.toString(), key -> new ProvisioningRun(setup, policy.get()));
    }

    final Setup setup;
    final FunctionPlatform platform;
    final OpenLoop load;
    final List<FunctionWindow> windows;

    ProvisioningRun(Setup setup, ProvisioningPolicy policy) {
        this.setup = setup;
        Sim sim = new Sim(setup.seed);
        platform = new FunctionPlatform(sim)
                .handlerTime(Distribution.erlang(3, Time.ms(setup.handlerMs)))
                .coldStart(Distribution.uniform(Time.ms(400), Time.ms(800)))
                .initTime(Distribution.uniform(Time.ms(600), Time.ms(1400)))
                .idleTimeout(IDLE)
                .window(WINDOW)
                .memoryMb(MEMORY_MB);
        platform.start(policy, DAY);
        load = setup.workload();
        load.start(sim, platform::submit, request -> { });
        sim.runFor(DAY);
        windows = platform.windows();
    }

    // ------------------------------------------------------------------------- measures

    double coldRate() {
        return platform.stats().coldStartRate();
    }

    double p99Ms() {
        return Time.toMillis(platform.latencies().percentile(99));
    }

    /**
     * What the online oracle pays: the best a policy can do with what yours is told, minus the
     * noise. At the end of every window it learns the exact rate of every second so far (your
     * policy sees random arrivals, so its measurements are noisier), and it provisions, for the
     * next window, the need of the busiest second of the last {@value #ORACLE_WINDOWS} windows:
     * that second's mean concurrency plus three standard deviations, rounded up, with no headroom.
     * Bursts come at random moments, so it cannot know when the next one comes; it keeps what the
     * recent ones needed. Every invocation is billed as run on a provisioned instance, and the
     * first window, before anything is known, has nothing provisioned, as for your policy. It is
     * held to no cold-start target: it is a lower bound of the cost, not a policy that passes.
     */
    double oracleCost() {
        FunctionPlatform.Prices prices = FunctionPlatform.Prices.LIST;
        double gb = MEMORY_MB / 1024.0;
        double cost = 0;
        double busySeconds = 0;
        double requests = 0;
        for (int w = 0; w * WINDOW < DAY; w++) {
            long t = w * WINDOW;
            for (long s = 0; s < WINDOW; s += Time.SECOND) {
                double rate = load.rateAt(t + s + Time.ms(500));
                requests += rate;
                busySeconds += rate * setup.handlerMs / 1000;
            }
            cost += oracleConcurrency(w) * gb * Time.toSeconds(WINDOW) * prices.provisionedPerGbSecond();
        }
        return cost + busySeconds * gb * prices.provisionedExecutionPerGbSecond() + requests * prices.perMillionRequests() / 1e6;
    }

    /** The busiest second's exact rate in window {@code w}. */
    private double busiestRate(int w) {
        double most = 0;
        for (long s = 0; s < WINDOW; s += Time.SECOND) {
            most = Math.max(most, load.rateAt(w * WINDOW + s + Time.ms(500)));
        }
        return most;
    }

    /** What the online oracle keeps provisioned in window {@code w}: the recent past's busiest second. */
    private double oracleConcurrency(int w) {
        double most = 0;
        for (int k = Math.max(0, w - ORACLE_WINDOWS); k < w; k++) {
            most = Math.max(most, busiestRate(k));
        }
        double mean = most * setup.handlerMs / 1000;
        return Math.ceil(mean + 3 * Math.sqrt(mean));
    }

    /** The share of the cost that kept provisioned instances waiting. */
    String billLine() {
        FunctionPlatform.Bill bill = platform.bill();
        return String.format(Locale.ROOT, "$%.4f in all: $%.4f on demand, $%.4f keeping provisioned instances warm, "
                + "$%.4f executing on them, $%.4f in request fees", bill.total(), bill.onDemand(), bill.provisioned(),
                bill.provisionedExecution(), bill.requests());
    }

    // ------------------------------------------------------------------------- checks

    void assertColdStarts() {
        double rate = coldRate();
        if (rate > MAX_COLD) {
            fail(String.format(Locale.ROOT, "%.2f%% of invocations were cold starts (%d of %d); at most %.0f%% allowed. %s",
                    100 * rate, platform.stats().coldStarts(), platform.stats().invocations(), 100 * MAX_COLD, coldAdvice()));
        }
    }

    void assertP99() {
        double p99 = p99Ms();
        if (p99 > TARGET_P99_MS) {
            fail(String.format(Locale.ROOT, "p99 over the day was %.0f ms (at most %.0f ms): the slowest 1%% are cold "
                    + "starts, which wait 1-2 s for an instance to start. %.2f%% of invocations were cold. %s", p99,
                    TARGET_P99_MS, 100 * coldRate(), coldAdvice()));
        }
    }

    private String coldAdvice() {
        int most = 0;
        for (FunctionWindow window : windows) {
            most = Math.max(most, window.provisioned());
        }
        if (most == 0) {
            return "Nothing was ever provisioned: every rise in traffic, and every instance reaped after 20 idle seconds and "
                    + "needed again, started cold. Return the number of instances to keep warm from decide()";
        }
        return "Provision for the busiest moments, not the average: keep more warm than the last window's peak "
                + "concurrency (headroom for the next 30 s, when traffic may grow or jump), and come down slowly";
    }

    void assertCost() {
        if (coldRate() > MAX_COLD) {
            fail(String.format(Locale.ROOT, "the cost counts only for a function whose cold starts are rare, and %.2f%% "
                    + "of invocations were cold: provisioning nothing is cheap and slow. Pass the cold-start test first",
                    100 * coldRate()));
        }
        double cost = platform.bill().total();
        double oracle = oracleCost();
        double ratio = cost / oracle;
        if (ratio > MAX_COST_RATIO) {
            fail(String.format(Locale.ROOT, "the day cost %.2fx what the online oracle pays ($%.4f against $%.4f; at most "
                    + "%.2fx allowed). The oracle knows no more than your policy: every 30 s it provisions for the busiest "
                    + "second of the last %d windows (two minutes), mean concurrency plus three standard deviations, no "
                    + "headroom. Your bill: %s. %s", ratio, cost, oracle, MAX_COST_RATIO, ORACLE_WINDOWS, billLine(),
                    costAdvice()));
        }
    }

    /** Where the instances beyond the oracle's were kept: in the quiet windows or in the busy ones. */
    private String costAdvice() {
        double most = 0;
        for (int w = 0; w < windows.size(); w++) {
            most = Math.max(most, oracleConcurrency(w));
        }
        double quietExcess = 0;
        double busyExcess = 0;
        double quietYours = 0;
        double quietOracle = 0;
        int quiet = 0;
        double busyYours = 0;
        double busyOracle = 0;
        for (int w = 1; w < windows.size(); w++) {
            double yours = windows.get(w).provisioned();
            double theirs = oracleConcurrency(w);
            if (theirs < 0.5 * most) {
                quietExcess += Math.max(0, yours - theirs);
                quietYours += yours;
                quietOracle += theirs;
                quiet++;
            } else {
                busyExcess += Math.max(0, yours - theirs);
                busyYours += yours;
                busyOracle += theirs;
            }
        }
        if (quiet > 0 && quietExcess > busyExcess) {
            return String.format(Locale.ROOT, "Most of the excess was paid while traffic was low: in the %d quiet windows "
                    + "you kept %.0f instances on average where the recent past needed %.0f. A provisioned instance is "
                    + "billed every second it exists, busy or not: once the busy windows are a couple of minutes old, "
                    + "come down to what the traffic now needs", quiet, quietYours / quiet, quietOracle / quiet);
        }
        return String.format(Locale.ROOT, "Most of the excess was paid in the busy windows: there you provisioned %.2fx "
                + "what the recent past's busiest second needed. Size from the traffic (busiest second x duration, plus "
                + "three standard deviations) and keep a margin of 10-20%% over it, not a multiple of it",
                busyOracle == 0 ? 0 : busyYours / busyOracle);
    }

    private void fail(String message) {
        throw new AssertionError(setup + ": " + message);
    }

    void attachFigures() {
        List<Double> seconds = new ArrayList<>();
        List<Double> oracle = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            seconds.add(Time.toSeconds(windows.get(w).start()));
            oracle.add(oracleConcurrency(w));
            seconds.add(Time.toSeconds(windows.get(w).end()));
            oracle.add(oracleConcurrency(w));
        }
        Figures.attach(
                platform.concurrencyChart("Concurrency through " + setup,
                        new TimeSeriesChart.Series("what the online oracle provisions", seconds, oracle)),
                platform.coldStartChart("Invocations, cold starts and throttles per second (seed " + setup.seed + ")"),
                platform.latencyChart("p99 per 30 s window (seed " + setup.seed + ")", TARGET_P99_MS));
    }

    /** A one-line summary for calibration notes. */
    String summary() {
        return String.format(Locale.ROOT, "%s: cold %.2f%%, p99 %.0f ms, cost %.4f / oracle %.4f = %.2fx, throttled %d",
                setup, 100 * coldRate(), p99Ms(), platform.bill().total(), oracleCost(), platform.bill().total() / oracleCost(),
                platform.stats().throttled());
    }

}
