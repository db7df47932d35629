import dev.loadbearing.sim.engine.Time;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyCacheHiddenTest {
    private static void assertAll(CacheRun run) {
        run.assertOnlyOriginContent();
        run.assertNoPrivateLeaks();
        run.assertNoForbiddenReuse();
        run.assertNothingTooStale();
        run.assertStaleIfErrorKeepsPagesUp();
        run.assertFreshCopiesAreReused(0.01);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    @DisplayName("random catalogues, users and traffic mixes: no leaks, nothing stale, fresh copies reused")
    void random_shops(long seed) {
        Random random = new Random(seed);
        CacheRun run = new CacheRun(seed, 40 + random.nextInt(360), 10 + random.nextInt(70));
        long until = Time.seconds(20 + random.nextInt(15));
        run.traffic(120 + random.nextInt(230), 0, until);
        run.run();
        run.attachFigure(until);
        assertAll(run);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    @DisplayName("the origin crashes at a random time for 10 to 35 s: stale-if-error within bounds, 502 beyond, recovery after")
    void random_crashes(long seed) {
        Random random = new Random(seed);
        CacheRun run = new CacheRun(seed, 40 + random.nextInt(260), 10 + random.nextInt(70));
        long from = Time.seconds(10 + random.nextInt(12));
        long to = from + Time.seconds(10 + random.nextInt(26));
        long until = to + Time.seconds(8);
        run.crash(from, to);
        run.traffic(100 + random.nextInt(150), 0, until);
        run.run();
        run.attachFigure(until);
        assertAll(run);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    @DisplayName("the origin hangs (every fetch times out: 504) and is restarted: the same rules hold")
    void random_hangs(long seed) {
        Random random = new Random(seed);
        CacheRun run = new CacheRun(seed, 40 + random.nextInt(200), 10 + random.nextInt(50));
        long from = Time.seconds(10 + random.nextInt(10));
        long to = from + Time.seconds(8 + random.nextInt(15));
        long until = to + Time.seconds(8);
        run.hang(from, to);
        run.traffic(100 + random.nextInt(150), 0, until);
        run.run();
        run.attachFigure(until);
        assertAll(run);
    }
}
