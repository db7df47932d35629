import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CounterNodeTest {

    @Test
    @DisplayName("3 nodes, no partition: every request answered, and every node agrees on the exact total within 1 s of the last like")
    void a_whole_network() {
        CounterRun run = new CounterRun(1, 3, 0, 0, 0);
        run.assertAvailable(0.999);
        run.assertNoInventedLikes();
        run.assertConverges(1000);
        run.showFigures();
    }

    @Test
    @DisplayName("3 nodes, one cut off for 1-2 s: both sides keep answering, and after the heal every node has every like")
    void a_partition() {
        CounterRun run = new CounterRun(2, 3, 1, 0, 0);
        run.assertAvailable(0.999);
        run.assertNoInventedLikes();
        run.assertConverges(1000);
        run.showFigures();
    }
}
