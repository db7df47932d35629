import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a weighted policy over servers whose weights may change once a second, records every pick
 * with the weights it was made under, and checks each stretch of constant weights.
 */
final class WeightedPicks {
    final long seed;
    final LoadBalancerReport report;
    private final List<Integer> picks = new ArrayList<>();
    private final List<Double> seconds = new ArrayList<>();
    private final List<int[]> weightsAtPick = new ArrayList<>();

    /**
     * @param weights the weights from t = 0, then {@code weights[k]} from t = k seconds
     * @param speeds each server's speed (service times are divided by it)
     */
    WeightedPicks(LoadBalancer policy, long seed, int[][] weights, double[] speeds, double requestsPerSecond) {
        this.seed = seed;
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        for (int i = 0; i < speeds.length; i++) {
            scenario.addServer("server-" + i).workers(4).speed(speeds[i]).weight(weights[0][i])
                    .serviceTime(Distribution.exponential(Time.ms(10)));
            for (int k = 1; k < weights.length; k++) {
                scenario.server(i).weightAt(Time.seconds(k), weights[k][i]);
            }
        }
        LoadBalancer recording = (request, backends) -> {
            Backend chosen = policy.pick(request, backends);
            picks.add(chosen == null ? -1 : chosen.index());
            seconds.add(Time.toSeconds(scenario.sim().now()));
            weightsAtPick.add(backends.stream().mapToInt(Backend::weight).toArray());
            return chosen;
        };
        report = scenario.run(recording, Workload.openLoop(requestsPerSecond), Time.seconds(weights.length));
    }

    /** Equal speeds, 200 requests per second per server (half their capacity). */
    static WeightedPicks run(LoadBalancer policy, long seed, int[]... weights) {
        double[] speeds = new double[weights[0].length];
        Arrays.fill(speeds, 1);
        return new WeightedPicks(policy, seed, weights, speeds, 200.0 * speeds.length);
    }

    /**
     * Fails unless, in every stretch of constant weights, every W = Σw consecutive picks give
     * each server exactly its weight.
     */
    void assertEveryCycleHoldsTheWeights() {
        forEachStretch((from, to, w) -> {
            int total = Arrays.stream(w).sum();
            for (int start = from; start + total <= to; start++) {
                int[] counts = new int[w.length];
                for (int k = start; k < start + total; k++) {
                    counts[server(k, w)]++;
                }
                if (!Arrays.equals(counts, w)) {
                    throw new AssertionError(String.format(Locale.ROOT,
                            "seed %d: with weights %s (%s), picks %d to %d (%d in a row, one full cycle) gave %s; "
                                    + "every %d consecutive picks must give each server exactly its weight%s",
                            seed, Arrays.toString(w), since(from), start + 1, start + total, total,
                            Arrays.toString(counts), total, afterChange(from)));
                }
            }
        });
    }

    /** Fails unless every server stays within one pick of its fair share t·w/W at every pick t of every stretch. */
    void assertSmooth() {
        forEachStretch((from, to, w) -> {
            int total = Arrays.stream(w).sum();
            int[] counts = new int[w.length];
            for (int k = from; k < to; k++) {
                counts[server(k, w)]++;
                int t = k - from + 1;
                for (int i = 0; i < w.length; i++) {
                    double fair = t * (double) w[i] / total;
                    if (Math.abs(counts[i] - fair) >= 1) {
                        throw new AssertionError(String.format(Locale.ROOT,
                                "seed %d: with weights %s (%s), after %d picks server-%d had %d, but its fair share is "
                                        + "%d × %d/%d = %.2f (%.2f %s). The picks come in runs, so a heavy server gets bursts "
                                        + "and a light one long gaps; smooth weighted round robin interleaves them and keeps "
                                        + "every server within one pick of its share at every moment%s",
                                seed, Arrays.toString(w), since(from), t, i, counts[i], t, w[i], total, fair,
                                Math.abs(counts[i] - fair), counts[i] > fair ? "ahead" : "behind", afterChange(from)));
                    }
                }
            }
        });
    }

    /**
     * Attaches each server's lead over its fair share, n(t) − t·w/W, over the first picks of the
     * first stretch: a smooth policy stays in the band from −1 to 1.
     */
    void attachLeadChart(int maxPicks) {
        int[] w = weightsAtPick.get(0);
        int total = Arrays.stream(w).sum();
        int[] counts = new int[w.length];
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            values.add(new ArrayList<>());
        }
        int n = Math.min(maxPicks, picks.size());
        for (int k = 0; k < n && Arrays.equals(weightsAtPick.get(k), w); k++) {
            if (picks.get(k) >= 0) {
                counts[picks.get(k)]++;
            }
            for (int i = 0; i < w.length; i++) {
                values.get(i).add(counts[i] - (k + 1) * (double) w[i] / total);
            }
        }
        for (int i = 0; i < w.length; i++) {
            series.add(new TimeSeriesChart.Series("server-" + i + " (weight " + w[i] + ")",
                    seconds.subList(0, values.get(i).size()), values.get(i)));
        }
        Figures.attach(new TimeSeriesChart("Picks ahead of the fair share t·w/W (smooth stays within ±1)",
                "picks ahead", series, List.of()));
    }

    private int server(int k, int[] w) {
        int pick = picks.get(k);
        if (pick < 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: pick %d returned null although servers with weights %s were up",
                    seed, k + 1, Arrays.toString(w)));
        }
        return pick;
    }

    private static String afterChange(int from) {
        return from == 0 ? "" : ". The weights had just changed: credit a server earned under the old weights still "
                + "counts in the new cycle and skews it, so start a fresh cycle whenever a weight changes";
    }

    private String since(int from) {
        return from == 0 ? "from the start" : String.format(Locale.ROOT, "set at t=%.0f s", Math.floor(seconds.get(from)));
    }

    private interface Stretch {
        void check(int from, int to, int[] weights);
    }

    private void forEachStretch(Stretch check) {
        int from = 0;
        while (from < picks.size()) {
            int to = from;
            while (to < picks.size() && Arrays.equals(weightsAtPick.get(to), weightsAtPick.get(from))) {
                to++;
            }
            check.check(from, to, weightsAtPick.get(from));
            from = to;
        }
    }
}
