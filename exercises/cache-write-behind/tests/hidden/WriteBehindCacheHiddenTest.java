import dev.loadbearing.sim.engine.Time;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys, skew, put rate, flush window and write latency come from the seed (see Counters). */
class WriteBehindCacheHiddenTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    @DisplayName("random counters and windows, then a graceful stop: coalesced, nothing lost")
    void graceful_stop(long seed) {
        Counters run = new Counters(seed, "a graceful stop").run(Time.seconds(2 + new Random(seed).nextInt(2)));
        run.attachFigure();
        run.assertReadsOwnWrites();
        run.assertGracefulStopLosesNothing();
        run.assertCoalesces(0.75);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    @DisplayName("a crash at a random moment: nothing older than the current window lost")
    void crash(long seed) {
        Random random = new Random(seed);
        Counters run = new Counters(seed, "a crash").crashAt(Time.ms(700 + random.nextInt(2_000))).run(Time.seconds(3));
        run.attachFigure();
        run.assertCrashLosesOnlyTheCurrentWindow();
        run.assertCoalesces(0.75);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32})
    @DisplayName("the database down at a random moment, then a graceful stop: failed writes retried, nothing lost")
    void outage(long seed) {
        Random random = new Random(seed);
        long from = Time.ms(300 + random.nextInt(1_200));
        Counters run = new Counters(seed, "the database down for a while").outage(from, from + Time.ms(100 + random.nextInt(500)))
                .run(Time.seconds(2.5));
        run.attachFigure();
        run.assertGracefulStopLosesNothing();
        run.assertCoalesces(0.75);
    }
}
