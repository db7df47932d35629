import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeastConnectionsHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {17, 31, 47, 61, 79})
    @DisplayName("3 to 6 identical servers each get an equal share, ties broken at random")
    void identical_servers_share_equally(long seed) {
        Connections.identical(LeastConnections::new, seed, 3 + new Random(seed).nextInt(4)).assertFairShares();
    }

    /**
     * Calibration (seeds 1-20, speeds 3, 2, 1, 1, 80% load, 30 s): another fair tie-break gives
     * 0.989-1.017x the reference's p99, round robin at least 400x.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {19, 37, 53, 71})
    @DisplayName("servers of mixed speeds in a random order: p99 within 1.1x the reference")
    void mixed_speeds_keep_the_tail_short(long seed) {
        Random random = new Random(seed);
        double[] speeds = new double[3 + random.nextInt(3)];
        for (int i = 0; i < speeds.length; i++) {
            speeds[i] = i < 2 ? 3 - i : 1 + random.nextInt(3) / 2.0;
        }
        for (int i = speeds.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = speeds[i];
            speeds[i] = speeds[j];
            speeds[j] = swap;
        }
        Connections yours = new Connections(LeastConnections::new, seed, speeds, 0.8, scenario -> { });
        Connections reference = new Connections(Reference::new, seed, speeds, 0.8, scenario -> { });
        Figures.attach(yours.report.figures().get(0), yours.report.figures().get(1));
        double limit = 1.1 * reference.report.latency().p99Ms();
        yours.assertP99AtMost(limit, String.format(Locale.ROOT, "1.1x the reference's %.0f ms",
                reference.report.latency().p99Ms()));
    }

    /** Fewest active requests, ties broken uniformly by reservoir sampling. */
    private static final class Reference implements LoadBalancer {
        private final RandomStream random;

        Reference(RandomStream random) {
            this.random = random;
        }

        @Override
        public Backend pick(Request request, List<Backend> backends) {
            Backend best = null;
            int ties = 0;
            for (Backend backend : backends) {
                if (best == null || backend.active() < best.active()) {
                    best = backend;
                    ties = 1;
                } else if (backend.active() == best.active() && random.nextInt(++ties) == 0) {
                    best = backend;
                }
            }
            return best;
        }
    }
}
