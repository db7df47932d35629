import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChordNodeTest {

    @Test
    @DisplayName("256 nodes, no churn: every lookup answered with the key's owner")
    void lookups_find_the_owner() {
        DhtRun run = new DhtRun(1, 256, 0);
        run.assertCorrect();
        run.showFigures();
    }

    @Test
    @DisplayName("256 nodes, no churn: at most ½ log2 N + 1 = 5 hops per lookup on average")
    void few_hops() {
        DhtRun run = new DhtRun(2, 256, 0);
        run.assertCorrect();
        run.assertHops();
        run.showFigures();
    }

    @Test
    @DisplayName("256 nodes, 10% fail and as many join between 1 s and 3 s: still every lookup answered correctly, in few hops")
    void under_churn() {
        DhtRun run = new DhtRun(3, 256, 10);
        run.assertCorrect();
        run.assertHops();
        run.showFigures();
    }
}
