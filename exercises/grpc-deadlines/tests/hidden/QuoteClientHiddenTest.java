import dev.loadbearing.sim.engine.Time;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random rates (150-300/s), user deadlines (300-500 ms), shares of hanging calls (2-5%) and
 * outage times and lengths. Calibration is in docs/PERFORMANCE.md.
 */
class QuoteClientHiddenTest {

    private static double rate(Random random) {
        return 150 + random.nextInt(151);
    }

    private static long budget(Random random) {
        return Time.ms(300 + random.nextInt(201));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103})
    @DisplayName("random rates, deadlines and 2-5% hanging calls: all answered in time, ≥ 99.5% quotes, p99 ≤ 180 ms, ≤ 1.1× load")
    void random_hanging_calls(long seed) {
        Random random = new Random(seed);
        CallRun run = CallRun.hangs(seed, rate(random), budget(random), 0.02 + 0.03 * random.nextDouble());
        run.attachFigures();
        run.assertWellBehaved();
        run.assertSuccess(0, run.duration, 0.995, "with some calls hanging");
        run.assertP99(0, run.duration, Time.ms(180));
        run.assertAmplification(0, run.duration, 1.1, "over the whole run");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {201, 202, 203})
    @DisplayName("an outage of 4-8 s at a random time: ≤ 1.2× load during it (1.5× in any second), quotes again 1 s after the restart")
    void random_outages(long seed) {
        Random random = new Random(seed);
        double rate = rate(random);
        long budget = budget(random);
        long at = Time.seconds(8 + random.nextInt(5)) + Time.ms(random.nextInt(1000));
        long length = Time.seconds(4 + random.nextInt(5));
        CallRun run = CallRun.outage(seed, rate, budget, at, length);
        run.attachFigures();
        run.assertWellBehaved();
        run.assertSuccess(0, at - Time.ms(500), 0.995, "before the outage");
        run.assertAmplification(at, at + length, 1.2, "while the service was down");
        run.assertNoBurst(at, at + length, 1.5, "while the service was down");
        run.assertSuccess(at + length + Time.seconds(1), run.duration, 0.995, "from 1 s after the service came back");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {301, 302})
    @DisplayName("the network is cut for 3-6 s at a random time: answered by the deadlines, ≤ 1.2× load, quotes again after the heal")
    void random_black_holes(long seed) {
        Random random = new Random(seed);
        double rate = rate(random);
        long budget = budget(random);
        long at = Time.seconds(5 + random.nextInt(4));
        long length = Time.seconds(3 + random.nextInt(4));
        CallRun run = CallRun.blackHole(seed, rate, budget, at, length);
        run.attachFigures();
        run.assertWellBehaved();
        run.assertAmplification(at, at + length, 1.2, "while the network was cut");
        run.assertSuccess(at + length + Time.seconds(1), run.duration, 0.995, "from 1 s after the network healed");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {401, 402, 403})
    @DisplayName("the service is killed 3 times with 25-40 calls in hand: retries spread out, at most 24 calls in any 5 ms")
    void random_resets(long seed) {
        Random random = new Random(seed);
        CallRun run = CallRun.resets(seed, 400 + random.nextInt(151), budget(random));
        run.attachFigures();
        run.assertWellBehaved();
        run.assertNoSpike(Time.ms(5), 24);
    }
}
