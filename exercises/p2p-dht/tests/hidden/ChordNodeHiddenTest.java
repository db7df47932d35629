import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Ring sizes and churn come from the seed; the first failure names its seed. */
class ChordNodeHiddenTest {

    @Test
    @DisplayName("128 to 512 nodes, 10% churn (3 seeds): every lookup answered correctly, mean hops at most ½ log2 N + 1")
    void rings_of_any_size_under_churn() {
        for (long seed = 501; seed <= 503; seed++) {
            int nodes = 128 + new Random(seed * 0x9E3779B97F4A7C15L).nextInt(385);
            DhtRun run = new DhtRun(seed, nodes, 10);
            run.assertCorrect();
            run.assertHops();
        }
    }

    @Test
    @DisplayName("256 nodes, 20% churn (2 seeds): every lookup answered correctly")
    void heavier_churn() {
        for (long seed = 601; seed <= 602; seed++) {
            DhtRun run = new DhtRun(seed, 256, 20);
            run.assertCorrect();
            run.assertHops();
        }
    }
}
