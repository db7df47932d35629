import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GossipNodeTest {

    @Test
    @DisplayName("25 nodes, 100 ms links, 60 values/s for 4 s: every value reaches every node")
    void every_value_everywhere() {
        GossipRun run = new GossipRun(1, 25, 60, 4, 0, 0, false, false);
        run.assertEverywhere();
        run.showFigures();
    }

    @Test
    @DisplayName("the same load: under 30 messages per broadcast, median under 400 ms and max under 600 ms to the last node")
    void cheap_and_fast() {
        GossipRun run = new GossipRun(2, 25, 60, 4, 0, 0, false, false);
        run.assertEverywhere();
        run.assertBudget(30);
        run.assertLatency(400, 600);
        run.showFigures();
    }

    @Test
    @DisplayName("a partition splits the 25 nodes for 1-2.5 s while values keep coming: within 3 s of the heal every node has every value")
    void after_a_partition() {
        GossipRun run = new GossipRun(3, 25, 60, 4, 1, 0, false, false);
        run.assertEverywhere();
        run.assertBudget(30);
        run.showFigures();
    }

    @Test
    @DisplayName("the harder target (Gossip Glomers 3e): 100 values/s, under 20 messages per broadcast, median under 1 s, max under 2 s")
    void fewer_messages() {
        GossipRun run = new GossipRun(4, 25, 100, 4, 0, 0, false, false);
        run.assertEverywhere();
        run.assertBudget(20);
        run.assertLatency(1000, 2000);
        run.showFigures();
    }
}
