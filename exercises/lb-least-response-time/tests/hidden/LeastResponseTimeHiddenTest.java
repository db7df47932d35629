import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calibration (60% load, 3 to 6 servers, seeds 1-20): the reference, recentLatencyMs() x (active()
 * + 1), sends the slow server 0.2-1.1% afterwards with a p99 ratio of 1.02-1.19 and at most 33% of
 * any second to one server. Lowest latency alone herds (100% of some second to one server, p99 up
 * to 16x); least connections sends the slow server 5.6-6.1% with a p99 ratio of 1.9-2.1; power of
 * two choices on the same score 4.1-4.7% with 1.7-2.2.
 */
class LeastResponseTimeHiddenTest {

    private static Slowdown run(long seed) {
        Random random = new Random(seed);
        int servers = 4 + random.nextInt(3);
        return new Slowdown(LeastResponseTime::new, seed, servers, random.nextInt(servers), 8 + 4 * random.nextDouble());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {23, 41, 59, 83, 97})
    @DisplayName("4 to 6 servers, a random one slows down 5x at a random time: it gets at most 5% afterwards")
    void the_slow_server_is_avoided(long seed) {
        run(seed).assertSlowServerAvoided();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {23, 41, 59, 83, 97})
    @DisplayName("4 to 6 servers, a random one slows down: p99 stays within 1.5x of the healthy p99")
    void the_tail_holds(long seed) {
        run(seed).assertTailHolds();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {23, 41, 59, 83, 97})
    @DisplayName("4 to 6 servers, a random one slows down: no server gets more than 60% of any second")
    void no_herding(long seed) {
        run(seed).assertNoHerding();
    }
}
