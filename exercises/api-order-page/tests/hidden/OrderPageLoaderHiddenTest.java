import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderPageLoaderHiddenTest {

    private static PageRun run(long seed) {
        Random random = new Random(seed);
        int min = 1 + random.nextInt(20);
        return new PageRun(seed, min, min + 20 + random.nextInt(60)).run(30);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    @DisplayName("random shops, orders of 1 to 99 items: correct pages, repeated items included")
    void random_orders_are_correct(long seed) {
        PageRun run = run(seed);
        run.attachFigures();
        run.assertCorrect();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    @DisplayName("random shops: at most 2.5 round trips at p50 and 3 calls per page, one of them to items")
    void random_orders_are_fast_and_batched(long seed) {
        PageRun run = run(seed);
        run.attachFigures();
        run.assertCorrect();
        run.assertFast(2.5);
        run.assertFewCalls();
    }
}
