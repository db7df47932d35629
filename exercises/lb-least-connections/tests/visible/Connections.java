import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.workload.Workload;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a least-connections policy over servers of given speeds with heavy-tailed (Pareto) service
 * times, 4 workers each, and checks how it spread the requests.
 */
final class Connections {
    /** Pareto service times with a 10 ms mean: most requests short, a few very long. */
    static final Distribution SERVICE = Distribution.paretoWithMean(Time.ms(10), 2.5);

    final long seed;
    final double[] speeds;
    final LoadBalancerReport report;

    /**
     * @param policy makes the policy from the stream it should draw its tie-breaks from
     * @param load the share of the pool's capacity the clients ask for
     */
    Connections(Function<RandomStream, LoadBalancer> policy, long seed, double[] speeds, double load,
            Consumer<LoadBalancerScenario> faults) {
        this.seed = seed;
        this.speeds = speeds;
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        double capacity = 0;
        for (int i = 0; i < speeds.length; i++) {
            scenario.addServer("server-" + i).workers(4).speed(speeds[i]).serviceTime(SERVICE);
            capacity += 400 * speeds[i];
        }
        faults.accept(scenario);
        report = scenario.run(policy.apply(scenario.sim().random("lb")),
                Workload.openLoop(load * capacity), Time.seconds(30));
    }

    /** {@code servers} identical servers at 30% load: often several are idle at once, so ties are common. */
    static Connections identical(Function<RandomStream, LoadBalancer> policy, long seed, int servers) {
        double[] speeds = new double[servers];
        Arrays.fill(speeds, 1);
        return new Connections(policy, seed, speeds, 0.3, scenario -> { });
    }

    /** Fails unless every server got 1/n of the requests within 1.5 percentage points. */
    void assertFairShares() {
        Figures.attach(report.figures().get(0));
        double fair = 100.0 / speeds.length;
        for (int i = 0; i < speeds.length; i++) {
            double share = 100 * report.share("server-" + i);
            if (Math.abs(share - fair) > 1.5) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: %d identical servers at 30%% load, and server-%d got %.1f%% of requests instead of "
                                + "%.1f%% ± 1.5. At this load several servers are often tied (all idle, say), and "
                                + "%s: break ties fairly at random with the stream you are given, so that each of "
                                + "the k tied servers is chosen with chance 1/k",
                        seed, speeds.length, i, share, fair,
                        share > fair && i == 0 ? "always taking the first of them favours server-0"
                                : "a tie-break that is not uniform favours some servers"));
            }
        }
    }

    /** Fails unless the p99 latency is at most {@code limitMs}, explaining what the reference achieved. */
    void assertP99AtMost(double limitMs, String against) {
        double p99 = report.latency().p99Ms();
        if (!(p99 <= limitMs)) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: servers with speeds %s, Pareto service times, 80%% load: your p99 is %.0f ms, more than "
                            + "%.0f ms (%s); per server you sent %s. A fast server finishes its requests sooner and "
                            + "so holds fewer of them: send each request to the one holding the fewest",
                    seed, Arrays.toString(speeds), p99, limitMs, against, report.requestsPerServer()));
        }
    }
}
