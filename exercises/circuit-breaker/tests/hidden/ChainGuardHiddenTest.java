import dev.loadbearing.sim.engine.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random rates (180-240 GetProfile and 80-120 GetOrders requests/s), A's deadline (200-300 ms),
 * users who leave early (20-40% of GetProfile callers cancel after 5-45 ms),
 * failure shape (errors, down, slow, frozen), share of failing calls, start and length.
 * Calibration is in the report and docs/PERFORMANCE.md.
 */
class ChainGuardHiddenTest {
    private static final String[] SHAPES = {"errors", "down", "slow", "frozen"};

    /** Both tests over random failures look at the same runs: each is simulated once. */
    private static final Map<Long, ChainRun> RUNS = new HashMap<>();

    private static ChainRun sick(long seed) {
        return RUNS.computeIfAbsent(seed, ChainGuardHiddenTest::simulate);
    }

    private static ChainRun simulate(long seed) {
        Random random = new Random(seed * 1_000_003 + 17);
        String shape = SHAPES[(int) (seed % SHAPES.length)];
        double share = 0.75 + 0.25 * random.nextDouble();
        long at = Time.seconds(2) + Time.ms(random.nextInt(3000));
        long length = Time.seconds(3) + Time.ms(random.nextInt(4000));
        ChainRun run = new ChainRun(seed, shape, at, length, share, 180 + random.nextInt(61), 80 + random.nextInt(41),
                Time.ms(200 + random.nextInt(101)), at + length + Time.seconds(5));
        // some users leave early: their calls, half-open probes included, end CANCELLED
        return run.leaving(0.2 + 0.2 * random.nextDouble()).run();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108})
    @DisplayName("C fails or slows in a random way at a random time: GetOrders unaffected, A's GetProfile p99 ≤ 120 ms, answers real")
    void random_failures_stay_contained(long seed) {
        ChainRun run = sick(seed);
        run.check(() -> {
            run.assertAnswersAreReal();
            run.assertOrdersUnaffected();
            run.assertP99(Time.ms(120));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108})
    @DisplayName("random failures of C while 20-40% of users leave early: the breaker is open from 1 s in (≤ 0.15 calls per request, fast failures) and closed 2 s after C is back")
    void random_failures_open_and_close_the_breaker(long seed) {
        ChainRun run = sick(seed);
        run.check(() -> {
            run.assertBreakerOpens(Time.seconds(1), 0.15, Time.ms(15));
            run.assertBreakerCloses(Time.seconds(2));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {301, 302, 303})
    @DisplayName("random brownouts (15-22% of C's calls hang): ≤ 1.13 calls to C per request, GetOrders unaffected")
    void random_brownouts(long seed) {
        Random random = new Random(seed * 1_000_003 + 17);
        long at = Time.seconds(2) + Time.ms(random.nextInt(2000));
        ChainRun run = ChainRun.of(seed, "brownout", at, Time.seconds(4 + random.nextInt(3)), 0.15 + 0.07 * random.nextDouble(),
                180 + random.nextInt(61), 80 + random.nextInt(41), Time.ms(200 + random.nextInt(101)));
        run.check(() -> {
            run.assertAnswersAreReal();
            run.assertAmplification(run.faultAt, run.faultAt + run.faultLength, 1.13, "while some of C's calls hung");
            run.assertOrdersUnaffected();
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {401, 402, 403})
    @DisplayName("C healthy at random rates: ≥ 99.5% success on both endpoints, ≤ 1.1 calls to C per request")
    void random_healthy_runs(long seed) {
        Random random = new Random(seed * 1_000_003 + 17);
        ChainRun run = ChainRun.of(seed, "none", Time.seconds(3), Time.seconds(3), 0, 180 + random.nextInt(61),
                80 + random.nextInt(41), Time.ms(200 + random.nextInt(101)));
        run.check(() -> {
            run.assertAnswersAreReal();
            run.assertAsksC();
            run.assertSuccess(true, 0, run.duration, 0.995, "with C healthy",
                    "C is healthy: failures come from timeouts shorter than C's normal tail or a breaker that trips too easily");
            run.assertOrdersUnaffected();
                    run.assertAmplification(0, run.duration, 1.1, "with C healthy");
        });
    }
}
