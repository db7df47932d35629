import dev.loadbearing.sim.engine.Time;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random settings per seed: 2 or 3 dependencies (which ones, and in what order), 80-120 requests/s
 * to each endpoint, 24-32 workers in B, which dependency slows, the share of its calls that hang
 * (80-100%), when (2-4 s) and for how long (3-6 s). On even seeds the dependency crawls instead
 * (every call 200-340 ms, no errors): no timeout fires and no breaker trips, only a compartment helps. Calibration is in docs/PERFORMANCE.md.
 */
class BulkheadsHiddenTest {
    /** Both tests over random slowdowns look at the same runs: each is simulated once. */
    private static final Map<Long, BulkheadRun> RUNS = new HashMap<>();

    private static BulkheadRun slow(long seed) {
        return RUNS.computeIfAbsent(seed, s -> simulate(s, true));
    }

    static BulkheadRun simulate(long seed, boolean fault) {
        Random random = new Random(seed * 1_000_003 + 29);
        int count = 2 + random.nextInt(2);
        int first = random.nextInt(BulkheadRun.NAMES.length);
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            rates.put(BulkheadRun.NAMES[(first + i) % BulkheadRun.NAMES.length], 80.0 + random.nextInt(41));
        }
        int workers = 24 + random.nextInt(9);
        String slow = rates.keySet().stream().skip(random.nextInt(count)).findFirst().orElseThrow();
        long at = Time.seconds(2) + Time.ms(random.nextInt(2000));
        long length = Time.seconds(3) + Time.ms(random.nextInt(3000));
        double share = 0.8 + 0.2 * random.nextDouble();
        BulkheadRun run = new BulkheadRun(seed, workers, rates, fault ? slow : null, at, length, share,
                at + length + Time.seconds(4));
        return seed % 2 == 0 ? run.crawling().run() : run.run();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108})
    @DisplayName("a random dependency hangs or crawls at a random time: every other endpoint ≥ 99% success, p99 ≤ 450 ms, answers real")
    void random_slowdowns_stay_in_their_compartment(long seed) {
        BulkheadRun run = slow(seed);
        run.check(() -> {
            run.assertAnswersAreReal();
            run.assertHealthyUnaffected(0.99, Time.ms(450));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108})
    @DisplayName("random slowdowns: the slow endpoint answers A within 450 ms (p99) and works again (≥ 97%) 1.5 s after its dependency recovers")
    void random_slowdowns_degrade_alone_and_recover(long seed) {
        BulkheadRun run = slow(seed);
        run.check(() -> {
            run.assertSlowBounded(Time.ms(450));
            run.assertSlowRecovers(Time.ms(1500), 0.97);
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {401, 402, 403})
    @DisplayName("every dependency healthy at random rates and pool sizes: each endpoint ≥ 99% success, p99 ≤ 450 ms")
    void random_healthy_runs(long seed) {
        BulkheadRun run = simulate(seed, false);
        run.check(() -> {
            run.assertAnswersAreReal();
            run.assertAllServed(0.99, Time.ms(450));
        });
    }
}
