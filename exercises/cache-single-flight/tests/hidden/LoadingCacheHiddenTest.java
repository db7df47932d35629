import dev.loadbearing.sim.engine.Time;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TTLs, load times, cache latencies and request rates come from the seed (see Stampede). */
class LoadingCacheHiddenTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    @DisplayName("the hot key alone, random TTL, load time and rate: one load per expiry, correct values, bounded p99")
    void hot_key_alone(long seed) {
        Stampede run = new Stampede(seed, "the hot key alone", 0, 1.0).run(Time.seconds(1.1 + new Random(seed).nextDouble() * 0.5));
        run.attachFigure();
        run.assertAll();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23})
    @DisplayName("a hot key among 5 to 60 others: one flight per key, correct values, bounded p99")
    void hot_key_among_others(long seed) {
        Random random = new Random(seed);
        Stampede run = new Stampede(seed, "a hot key among others", 5 + random.nextInt(56), 0.6 + random.nextDouble() * 0.3)
                .run(Time.seconds(1.1 + random.nextDouble() * 0.3));
        run.attachFigure();
        run.assertAll();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    @DisplayName("the database down at a random moment: waiters answered, flights closed, loads resume after the restart")
    void database_outage(long seed) {
        Random random = new Random(seed);
        long from = Time.ms(200 + random.nextInt(500));
        Stampede run = new Stampede(seed, "the database down for a while", random.nextInt(20), 0.5 + random.nextDouble() * 0.5)
                .outage(from, from + Time.ms(50 + random.nextInt(250))).run(Time.seconds(1.3));
        run.attachFigure();
        run.assertAll();
    }
}
