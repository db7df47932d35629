import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Node counts, splits, timings, loss and duplication come from the seed; the first failure names its seed. */
class CounterNodeHiddenTest {

    static void check(CounterRun run) {
        run.assertAvailable(0.999);
        run.assertNoInventedLikes();
        run.assertConverges(1000);
    }

    @Test
    @DisplayName("3 to 5 nodes, two partitions with different splits (4 seeds): available on both sides, exact after each heal")
    void two_partitions() {
        for (long seed = 31; seed <= 34; seed++) {
            int nodes = 3 + new Random(seed * 0x9E3779B97F4A7C15L).nextInt(3);
            check(new CounterRun(seed, nodes, 2, 0, 0));
        }
    }

    @Test
    @DisplayName("the network between nodes also loses 10% and duplicates 10% of messages (4 seeds): still exact")
    void loss_and_duplicates() {
        for (long seed = 41; seed <= 44; seed++) {
            int nodes = 3 + new Random(seed * 0x9E3779B97F4A7C15L).nextInt(3);
            check(new CounterRun(seed, nodes, 1 + (int) (seed % 2), 0.1, 0.1));
        }
    }
}
