import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.LineChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.LatencySummary;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One single-worker server with exponential service times (an M/M/1 queue) at rising load. */
public final class Scenario implements LiveScenario {
    private static final int REQUESTS = 8_000;
    private static final int[] SWEEP = {10, 30, 50, 60, 70, 80, 85, 90, 95};

    @Override
    public LiveRun run(LiveParameters p) {
        int capacity = p.integer("capacity");
        int chosen = p.integer("load");
        List<Integer> loads = new ArrayList<>();
        for (int load : SWEEP) {
            if (load < chosen) {
                loads.add(load);
            }
        }
        loads.add(chosen);
        List<Double> utilisation = new ArrayList<>();
        List<Double> simulated = new ArrayList<>();
        List<Double> theory = new ArrayList<>();
        List<Double> simulatedMedian = new ArrayList<>();
        List<Double> theoryMedian = new ArrayList<>();
        LoadBalancerReport last = null;
        for (int load : loads) {
            last = run(p.seed(), capacity, load);
            utilisation.add((double) load);
            simulated.add(last.latency().p99Ms());
            theory.add(mm1Percentile(capacity, load, 0.99));
            simulatedMedian.add(last.latency().p50Ms());
            theoryMedian.add(mm1Percentile(capacity, load, 0.5));
        }
        LatencySummary at = last.latency();
        String summary = String.format(Locale.ROOT,
                "At %d%% of %d requests/s the server's p50 is %.1f ms and p99 %.1f ms (M/M/1 predicts %.1f and %.1f ms); at 10%% the p99 was %.1f ms.",
                chosen, capacity, at.p50Ms(), at.p99Ms(), mm1Percentile(capacity, chosen, 0.5),
                mm1Percentile(capacity, chosen, 0.99), simulated.get(0));
        return new LiveRun(summary, List.of(
                new LineChart("Latency by utilisation: the simulation and the M/M/1 curve (seed " + p.seed() + ")",
                        "utilisation (%)", "latency (ms)", List.of(
                                new LineChart.Series("simulated p99", utilisation, simulated),
                                new LineChart.Series("M/M/1 p99", utilisation, theory),
                                new LineChart.Series("simulated p50", utilisation, simulatedMedian),
                                new LineChart.Series("M/M/1 p50", utilisation, theoryMedian))),
                last.figures().get(1)));
    }

    private static LoadBalancerReport run(long seed, int capacity, int load) {
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        scenario.addServer("server").workers(1).serviceTime(Distribution.exponential(Time.ms(1000.0 / capacity)));
        return scenario.run((request, backends) -> backends.get(0),
                Workload.openLoop(capacity * load / 100.0).limit(REQUESTS));
    }

    /** Time in an M/M/1 system is exponential with rate (mu - lambda): its q-quantile in ms. */
    private static double mm1Percentile(int capacity, int load, double q) {
        double spare = capacity * (1 - load / 100.0);
        return -Math.log(1 - q) / spare * 1000;
    }
}
