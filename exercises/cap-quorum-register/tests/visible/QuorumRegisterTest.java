import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuorumRegisterTest {

    @Test
    @DisplayName("3 nodes, W=2, R=2, no partition: every get and put is answered ok and the history is linearizable")
    void a_whole_network() {
        PartitionRun run = new PartitionRun(1, 3, 2, 2, false, 0);
        run.assertAvailable(0.99);
        run.assertLinearizable();
    }

    @Test
    @DisplayName("3 nodes, W=3, R=1, no partition: other quorum sizes work too")
    void other_quorums() {
        PartitionRun run = new PartitionRun(2, 3, 3, 1, false, 0);
        run.assertAvailable(0.99);
        run.assertLinearizable();
    }

    @Test
    @DisplayName("3 nodes, one cut off for 1.5-2.5 s: the majority stays available, the cut-off node says no, and the history stays linearizable")
    void a_partition() {
        PartitionRun run = new PartitionRun(3, 3, 2, 2, true, 0);
        run.assertMinorityRefuses();
        run.assertAvailable(0.99);
        run.assertLinearizable();
        run.showFigures();
    }

    @Test
    @DisplayName("3 nodes, W=2, R=2: " + DeliveryOrders.ONE_WRITE + ", in every order the messages can arrive (up to 10 steps): the history stays linearizable")
    void every_delivery_order() {
        DeliveryOrders.assertNoOrderBreaksIt(DeliveryOrders.ONE_WRITE,
                DeliveryOrders.oneWriteThenARead().maxDepth(10).run());
    }
}
