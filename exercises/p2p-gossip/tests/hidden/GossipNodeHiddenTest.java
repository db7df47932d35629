import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rates, skew, jitter, partition splits and timings come from the seed; the first failure names its seed. */
class GossipNodeHiddenTest {

    private static Random parameters(long seed) {
        return new Random(seed * 0x9E3779B97F4A7C15L);
    }

    @Test
    @DisplayName("25 nodes at 40 to 100 values/s, links of 95-105 ms, sometimes half the values to one node (5 seeds): under 30 messages per broadcast, median under 400 ms, max under 600 ms")
    void cheap_and_fast_whatever_the_load() {
        for (long seed = 101; seed <= 105; seed++) {
            Random random = parameters(seed);
            double rate = 40 + random.nextInt(61);
            GossipRun run = new GossipRun(seed, 25, rate, 3 + random.nextInt(3), 0, 0, true, seed % 2 == 0);
            run.assertEverywhere();
            run.assertBudget(30);
            run.assertLatency(400, 600);
        }
    }

    @Test
    @DisplayName("8 to 25 nodes, one or two partitions with different splits (5 seeds): every value reaches every node within 3 s of the last heal, under 30 messages per broadcast")
    void partitions_heal() {
        for (long seed = 201; seed <= 205; seed++) {
            Random random = parameters(seed);
            int nodes = 8 + random.nextInt(18);
            GossipRun run = new GossipRun(seed, nodes, 30 + random.nextInt(51), 4, 1 + (int) (seed % 2), 0,
                    true, false);
            run.assertEverywhere();
            run.assertBudget(30);
        }
    }

    @Test
    @DisplayName("the network loses 5% of messages (3 seeds): every value still reaches every node within 3 s of the last one")
    void lossy_links() {
        for (long seed = 301; seed <= 303; seed++) {
            Random random = parameters(seed);
            GossipRun run = new GossipRun(seed, 25, 40 + random.nextInt(41), 3, 0, 0.05, true, false);
            run.assertEverywhere();
            run.assertBudget(30);
        }
    }

    @Test
    @DisplayName("the harder target at 90 to 110 values/s (3 seeds): under 20 messages per broadcast, median under 1 s, max under 2 s")
    void fewer_messages_whatever_the_load() {
        for (long seed = 401; seed <= 403; seed++) {
            Random random = parameters(seed);
            GossipRun run = new GossipRun(seed, 25, 90 + random.nextInt(21), 4, 0, 0, true, seed % 2 == 1);
            run.assertEverywhere();
            run.assertBudget(20);
            run.assertLatency(1000, 2000);
        }
    }
}
