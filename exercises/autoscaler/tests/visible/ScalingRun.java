import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.scale.Autoscaler;
import dev.loadbearing.sim.scale.Fleet;
import dev.loadbearing.sim.scale.FleetWindow;
import dev.loadbearing.sim.workload.OpenLoop;
import dev.loadbearing.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One simulated day squeezed into 24 minutes: traffic rises from a night's 30% of the base rate
 * to twice it at the midday peak and falls again, sometimes with a spike on top. Instances have
 * 2 workers at 80 ms a request (25 requests per second at full load; other days bring other
 * requests, 60 to 110 ms), a queue of 200 and a 2 s timeout; new ones boot for 60 s; the fleet
 * starts with 2 and may grow to 40. The autoscaler is asked every 15 s.
 */
final class ScalingRun {
    static final long DAY = Time.minutes(24);
    static final long STEP = Time.seconds(80);
    /** The day's shape: one multiplier of the base rate every 80 s. */
    static final double[] CURVE = {0.3, 0.3, 0.4, 0.7, 1.1, 1.5, 1.8, 2.0, 2.0, 1.8, 1.5, 1.2, 1.0, 0.8, 0.6,
            0.5, 0.4, 0.3, 0.3};
    static final double TARGET_P95_MS = 250;
    static final double MAX_ERROR_RATE = 0.01;
    static final double GOOD_MINUTES = 0.95;
    static final long SPIKE_GRACE = Time.minutes(2);
    static final double MAX_COST_RATIO = 2.0;
    static final double ORACLE_UTILIZATION = 0.7;
    static final long FLAP_WINDOW = Time.seconds(90);
    static final int MAX_FLAPS = 2;

    /** What a run is given: the base rate, the day's curve and an optional spike. */
    record Setup(String name, long seed, double baseRate, double serviceMs, double[] curve, long spikeAt,
            long spikeFor, double spikeFactor) {
        static Setup day(long seed) {
            return new Setup("the day", seed, 100, 80, CURVE, -1, 0, 1);
        }

        static Setup spike(long seed) {
            return new Setup("the day with a spike", seed, 100, 80, CURVE, Time.seconds(150), Time.minutes(3), 2.0);
        }

        /** Requests per second one small instance serves at full load: 2 workers over the mean service time. */
        double instanceRate() {
            return 2 * 1000 / serviceMs;
        }

        /** A day of random size and shape, with a spike at a random time in most of them. */
        static Setup random(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double base = 60 + 50 * random.nextDouble();
            double serviceMs = 60 + 50 * random.nextDouble();
            double[] curve = new double[CURVE.length];
            double peak = 1.5 + 0.7 * random.nextDouble();
            int peakAt = 7 + random.nextInt(5);
            double width = 3.5 + random.nextDouble();
            for (int i = 0; i < curve.length; i++) {
                double distance = (i - peakAt) / width;
                double wobble = 0.92 + 0.16 * random.nextDouble();
                curve[i] = (0.3 + (peak - 0.3) * Math.exp(-distance * distance)) * wobble;
            }
            boolean spike = random.nextInt(4) != 0;
            long spikeAt = Time.seconds(240 + random.nextInt(900));
            double factor = 1.5 + 0.7 * random.nextDouble();
            return new Setup("a random day", seed, base * 80 / serviceMs, serviceMs, curve, spike ? spikeAt : -1, spike ? Time.minutes(3) : 0,
                    spike ? factor : 1);
        }

        OpenLoop workload() {
            OpenLoop load = Workload.openLoop(baseRate).profile(STEP, curve);
            if (spikeAt >= 0) {
                load.burst(spikeAt, spikeFor, spikeFactor);
            }
            return load;
        }

        @Override
        public String toString() {
            String spike = spikeAt < 0 ? "" : String.format(Locale.ROOT, ", a %.1fx spike at minute %.1f",
                    spikeFactor, Time.toSeconds(spikeAt) / 60);
            return String.format(Locale.ROOT, "%s (seed %d, base %.0f requests/s, %.0f ms a request%s)", name, seed,
                    baseRate, serviceMs, spike);
        }
    }

    private static final java.util.Map<String, ScalingRun> RUNS = new java.util.HashMap<>();

    /** The run of a setup with a fresh autoscaler, made once and shared by the tests that check it. */
    static ScalingRun of(Setup setup, Supplier<Autoscaler> autoscaler) {
        return RUNS.computeIfAbsent(setup.toString(), key -> new ScalingRun(setup, autoscaler));
    }

    final Setup setup;
    final Fleet fleet;
    final OpenLoop load;
    final List<FleetWindow> windows;

    ScalingRun(Setup setup, Supplier<Autoscaler> autoscaler) {
        this.setup = setup;
        Sim sim = new Sim(setup.seed);
        fleet = new Fleet(sim)
                .instances(server -> server.serviceTime(Distribution.erlang(4, Time.ms(setup.serviceMs)))
                        .queueCapacity(200).timeout(Time.seconds(2)))
                .baseWorkers(2)
                .quota(40);
        fleet.start(2, autoscaler.get(), DAY);
        load = setup.workload();
        load.start(sim, fleet::submit, fleet::record);
        sim.runFor(DAY);
        windows = fleet.windows();
    }

    // ------------------------------------------------------------------------- measures

    /** One minute of the run: its p95 and its error rate. */
    record Minute(int index, double p95Ms, double errorRate) {
        boolean good() {
            return p95Ms <= TARGET_P95_MS && errorRate <= MAX_ERROR_RATE;
        }
    }

    List<Minute> minutes() {
        List<Latencies> recorders = fleet.windowLatencies();
        List<Minute> minutes = new ArrayList<>();
        int perMinute = 4;
        for (int m = 0; m * perMinute < windows.size(); m++) {
            List<Latencies> part = new ArrayList<>();
            long served = 0;
            long errors = 0;
            for (int w = m * perMinute; w < Math.min(windows.size(), (m + 1) * perMinute); w++) {
                part.add(recorders.get(w));
                served += windows.get(w).served();
                errors += windows.get(w).errors();
            }
            Latencies merged = Latencies.merged(part);
            double errorRate = served + errors == 0 ? 0 : errors / (double) (served + errors);
            minutes.add(new Minute(m, Time.toMillis(merged.percentile(95)), errorRate));
        }
        return minutes;
    }

    boolean inGrace(Minute minute) {
        long start = Time.minutes(minute.index());
        return setup.spikeAt >= 0 && start + Time.minutes(1) > setup.spikeAt && start < setup.spikeAt + SPIKE_GRACE;
    }

    /** Whether a window starts during a spike's first minutes, when no autoscaler can have caught up yet. */
    boolean inGrace(FleetWindow window) {
        return setup.spikeAt >= 0 && window.start() >= setup.spikeAt && window.start() < setup.spikeAt + SPIKE_GRACE;
    }

    /** The share of requests that failed, in the windows in or out of a spike's grace. */
    double errorRate(boolean grace) {
        long served = 0;
        long errors = 0;
        for (FleetWindow window : windows) {
            if (inGrace(window) == grace) {
                served += window.served();
                errors += window.errors();
            }
        }
        return served + errors == 0 ? 0 : errors / (double) (served + errors);
    }

    /** What a clairvoyant autoscaler pays: in every window, just enough instances for 70% utilisation. */
    double oracleCost() {
        double cost = 0;
        long window = Time.seconds(15);
        for (long t = 0; t < DAY; t += window) {
            double rate = 0;
            for (int k = 0; k < 15; k++) {
                rate += load.rateAt(t + Time.seconds(k) + Time.ms(500)) / 15;
            }
            int needed = Math.max(1, (int) Math.ceil(rate / (setup.instanceRate() * ORACLE_UTILIZATION)));
            cost += needed * Time.toSeconds(window) / 3600;
        }
        return cost;
    }

    /** A change of direction within 90 s: out then in, or in then out. */
    List<String> flaps() {
        List<String> flaps = new ArrayList<>();
        List<Fleet.Change> changes = fleet.changes();
        for (int i = 1; i < changes.size(); i++) {
            int before = direction(changes.get(i - 1));
            int now = direction(changes.get(i));
            if (before != 0 && now != 0 && before != now
                    && changes.get(i).time() - changes.get(i - 1).time() <= FLAP_WINDOW) {
                flaps.add(String.format(Locale.ROOT, "%s at %s then %s at %s", changes.get(i - 1).what(),
                        clock(changes.get(i - 1).time()), changes.get(i).what(), clock(changes.get(i).time())));
            }
        }
        return flaps;
    }

    private static int direction(Fleet.Change change) {
        String[] words = change.what().split(" ");
        if (words.length < 4 || !words[1].equals("->")) {
            return 0;
        }
        return Integer.compare(Integer.parseInt(words[2]), Integer.parseInt(words[0]));
    }

    static String clock(long time) {
        long seconds = time / Time.SECOND;
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    // ------------------------------------------------------------------------- checks

    /** At least 95% of the minutes (outside a spike's first 3 minutes) meet p95 and errors. */
    void assertGoodMinutes() {
        List<Minute> counted = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (Minute minute : minutes()) {
            if (!inGrace(minute)) {
                counted.add(minute);
                if (!minute.good()) {
                    bad.add(String.format(Locale.ROOT, "minute %d (p95 %.0f ms, %.1f%% errors)", minute.index(),
                            minute.p95Ms(), 100 * minute.errorRate()));
                }
            }
        }
        double share = 1 - bad.size() / (double) counted.size();
        if (share < GOOD_MINUTES) {
            fail(String.format(Locale.ROOT, "%.0f%% of the minutes met p95 <= %.0f ms with <= 1%% errors (at least "
                    + "95%% needed); missed: %s. %s", 100 * share, TARGET_P95_MS, shortList(bad), latencyAdvice()));
        }
    }

    private String latencyAdvice() {
        if (fleet.changes().isEmpty()) {
            return "The fleet never changed size: as traffic grows, 2 instances of 25 requests/s each cannot keep up. "
                    + "Return Scaling.to(n) with enough instances for the load you measure";
        }
        if (fleet.darkNanos() > 0) {
            return String.format(Locale.ROOT, "For %.0f s no instance was serving at all: never scale to zero, and a "
                    + "resize restarts the instances one at a time", Time.toSeconds(fleet.darkNanos()));
        }
        return "The misses come where traffic grows: a new instance serves only 60 s after you ask for it, so "
                + "scale before the instances are full (aim at well under 100% utilisation) and, while traffic "
                + "is rising, for where it will be a minute from now";
    }

    /** At most 1% of requests fail, leaving out a spike's first 2 minutes (nobody sees a spike coming). */
    void assertErrors() {
        double rate = errorRate(false);
        if (rate > MAX_ERROR_RATE) {
            fail(String.format(Locale.ROOT, "%.2f%% of requests failed%s (at most 1%% allowed). %s", 100 * rate,
                    setup.spikeAt < 0 ? " over the day" : " outside the spike's first 2 minutes", latencyAdvice()));
        }
    }

    /** Cost and calm count only for a fleet that serves: an idle fleet of two is cheap and never flaps. */
    private void requireServing(String check) {
        double rate = errorRate(false);
        if (rate > MAX_ERROR_RATE) {
            fail(String.format(Locale.ROOT, "%s counts only for a fleet that serves the day, and %.1f%% of requests "
                    + "failed: a fleet too small to serve is cheap and calm, and useless. Pass the latency and error "
                    + "tests first", check, 100 * rate));
        }
    }

    void assertCost() {
        requireServing("the cost");
        double ratio = fleet.cost() / oracleCost();
        if (ratio > MAX_COST_RATIO) {
            fail(String.format(Locale.ROOT, "the fleet cost %.2f, %.2fx what a clairvoyant autoscaler pays (%.2f, just "
                    + "enough instances for 70%% utilisation in every window); at most %.1fx allowed. %s",
                    fleet.cost(), ratio, oracleCost(), MAX_COST_RATIO, costAdvice()));
        }
    }

    private String costAdvice() {
        int max = 0;
        for (FleetWindow window : windows) {
            max = Math.max(max, window.instances());
        }
        FleetWindow last = windows.get(windows.size() - 1);
        if (last.type() != dev.loadbearing.sim.scale.InstanceType.SMALL) {
            return "Bigger instances cost more per request than small ones (4.8 per hour for 4 small ones' work): "
                    + "scale out, not up";
        }
        if (last.instances() > 0.7 * max) {
            return String.format(Locale.ROOT, "At night the fleet still had %d instances of the %d it peaked at: "
                    + "scale in when traffic falls, not only out when it rises", last.instances(), max);
        }
        return "The fleet keeps much more headroom than it needs: aim for a utilisation around 50-70%, not far below";
    }

    void assertFewFlaps() {
        requireServing("calm");
        List<String> flaps = flaps();
        if (flaps.size() > MAX_FLAPS) {
            fail(String.format(Locale.ROOT, "the fleet changed direction within 90 s %d times (at most %d allowed): "
                    + "%s. Every launch pays for a minute of booting; measurements are noisy, so scale in only after "
                    + "traffic has stayed low for a while, and by less than you would scale out",
                    flaps.size(), MAX_FLAPS, shortList(flaps)));
        }
    }

    private void fail(String message) {
        throw new AssertionError(setup + ": " + message);
    }

    private static String shortList(List<String> items) {
        return items.size() <= 4 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 4)) + " and " + (items.size() - 4) + " more";
    }

    void attachFigures() {
        List<Double> seconds = new ArrayList<>();
        List<Double> needed = new ArrayList<>();
        for (FleetWindow window : windows) {
            seconds.add(Time.toSeconds(window.end()));
            needed.add(Math.ceil(load.rateAt(window.end()) / (setup.instanceRate() * ORACLE_UTILIZATION)));
        }
        Figures.attach(
                fleet.instancesChart("Instances through " + setup,
                        new TimeSeriesChart.Series("needed for 70% utilisation", seconds, needed)),
                fleet.latencyChart("p95 latency per 15 s window", TARGET_P95_MS),
                fleet.loadChart("Requests per second"));
    }
}
