import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmoothWeightedHiddenTest {

    /** 2 to 6 servers with weights 1 to 8, re-weighted at 1 s (a weight may drop to 0) and at 2 s. */
    private static int[][] randomWeights(long seed) {
        Random random = new Random(seed);
        int servers = 2 + random.nextInt(5);
        int[][] weights = new int[3][servers];
        for (int i = 0; i < servers; i++) {
            weights[0][i] = 1 + random.nextInt(8);
            weights[1][i] = random.nextInt(9);
            weights[2][i] = 1 + random.nextInt(8);
        }
        weights[1][random.nextInt(servers)] = Math.max(1, weights[1][0]);
        return weights;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 211, 307, 401, 503, 601, 701, 809})
    @DisplayName("random weights, changed twice while running: every cycle holds the weights")
    void random_weights_cycle_exactly(long seed) {
        WeightedPicks run = WeightedPicks.run(new SmoothWeighted(), seed, randomWeights(seed));
        run.assertEveryCycleHoldsTheWeights();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 211, 307, 401, 503, 601, 701, 809})
    @DisplayName("random weights, changed twice while running: every server stays within one pick of its share")
    void random_weights_are_smooth(long seed) {
        WeightedPicks run = WeightedPicks.run(new SmoothWeighted(), seed, randomWeights(seed));
        run.assertSmooth();
    }

    /**
     * Servers 1 to 4 times as fast, weighted by speed, at 75% of the pool's capacity: weighted
     * picks keep every server at 75%, plain round robin overloads the slow ones (its p99 is 100
     * to 1,400 times the reference's over seeds 1-10).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {13, 29, 43, 67})
    @DisplayName("servers of different speeds weighted by speed: p99 within 1.2x the reference")
    void weighted_by_speed_keeps_the_tail_short(long seed) {
        Random random = new Random(seed);
        int servers = 3 + random.nextInt(3);
        int[] weights = new int[servers];
        for (int i = 0; i < servers; i++) {
            weights[i] = 1 + random.nextInt(4);
        }
        weights[random.nextInt(servers)] = 1;
        double[] speeds = Arrays.stream(weights).asDoubleStream().toArray();
        double rate = 0.75 * 400 * Arrays.stream(weights).sum();
        WeightedPicks yours = new WeightedPicks(new SmoothWeighted(), seed, new int[][] {weights}, speeds, rate);
        WeightedPicks reference = new WeightedPicks(new Reference(), seed, new int[][] {weights}, speeds, rate);
        Figures.attach(yours.report.figures().get(0), yours.report.figures().get(1));
        double p99 = yours.report.latency().p99Ms();
        double limit = 1.2 * reference.report.latency().p99Ms();
        if (!(p99 <= limit)) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: servers with speeds and weights %s at 75%% load: your p99 is %.0f ms, the reference's %.0f ms "
                            + "(at most %.0f ms allowed); per server you sent %s. A server sent more than its weight's share "
                            + "of the traffic falls behind and its queue grows",
                    seed, Arrays.toString(weights), p99, reference.report.latency().p99Ms(), limit,
                    yours.report.requestsPerServer()));
        }
    }

    /** nginx's smooth weighted round robin, restarting its cycle when weights change. */
    private static final class Reference implements LoadBalancer {
        private int[] credit = new int[0];

        @Override
        public Backend pick(Request request, List<Backend> backends) {
            if (credit.length != backends.size()) {
                credit = new int[backends.size()];
            }
            Backend best = null;
            int total = 0;
            for (Backend backend : backends) {
                credit[backend.index()] += backend.weight();
                total += backend.weight();
                if (best == null || credit[backend.index()] > credit[best.index()]) {
                    best = backend;
                }
            }
            credit[best.index()] -= total;
            return best;
        }
    }
}
