import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Cluster size, which nodes are cut off, when and for how long come from the seed. Seeds run one
 * after another; the first failure stops the test and names its seed.
 */
class QuorumRegisterHiddenTest {

    static PartitionRun run(long seed, double duplicate) {
        int nodes = duplicate > 0 || new Random(seed * 0x9E3779B97F4A7C15L).nextBoolean() ? 5 : 3;
        int majority = nodes / 2 + 1;
        return new PartitionRun(seed, nodes, majority, majority, true, duplicate);
    }

    static void check(PartitionRun run) {
        run.assertMinorityRefuses();
        run.assertAvailable(0.99);
        run.assertLinearizable();
    }

    @Test
    @DisplayName("3 or 5 nodes with majority quorums, a minority cut off and healed (6 seeds): linearizable, the minority says no, the majority is available")
    void partitions() {
        for (long seed = 11; seed <= 16; seed++) {
            check(run(seed, 0));
        }
    }

    @Test
    @DisplayName("5 nodes, and the network delivers 5% of messages twice (3 seeds): a quorum counts distinct replicas")
    void duplicates() {
        for (long seed = 21; seed <= 23; seed++) {
            check(run(seed, 0.05));
        }
    }

    @Test
    @DisplayName("no partition, other quorum sizes with W + R > N (N=3 W=3 R=1, N=5 W=4 R=2, N=5 W=5 R=1, N=5 W=2 R=4): linearizable and available")
    void other_quorums() {
        int[][] configs = {{3, 3, 1}, {5, 4, 2}, {5, 5, 1}, {5, 2, 4}};
        for (int i = 0; i < configs.length; i++) {
            PartitionRun run = new PartitionRun(51 + i, configs[i][0], configs[i][1], configs[i][2], false, 0);
            run.assertAvailable(0.99);
            run.assertLinearizable();
        }
    }

    @Test
    @DisplayName("3 nodes, W=2, R=2, two writers and three reads, in 300 random orders of message arrival (each to its end): the history stays linearizable")
    void random_delivery_orders() {
        DeliveryOrders.assertNoOrderBreaksIt(DeliveryOrders.TWO_WRITERS,
                DeliveryOrders.twoWritersAndTheirReads().maxDepth(200).randomWalks(1, 300));
    }
}
