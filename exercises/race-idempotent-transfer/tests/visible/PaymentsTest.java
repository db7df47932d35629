import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PaymentsTest {

    static final Transfers RETRY = new Transfers("the retry case", List.of(100, 50), List.of(
            new Transfers.Delivery(Transfers.request("r1", "A", "B", 30), 2)));

    static final Transfers OPPOSITE = new Transfers("the opposite-transfers case", List.of(100, 100), List.of(
            new Transfers.Delivery(Transfers.request("r1", "A", "B", 30), 1),
            new Transfers.Delivery(Transfers.request("r2", "B", "A", 20), 1)));

    @Test
    @DisplayName("r1 (A to B, 30) is retried while it may still be running: every interleaving moves its money once and answers DONE twice")
    void a_retry_applies_once() {
        RETRY.assertEveryInterleaving();
    }

    @Test
    @DisplayName("A to B and B to A at once: every interleaving finishes (no deadlock) and conserves the money")
    void opposite_transfers_do_not_deadlock() {
        OPPOSITE.assertEveryInterleaving();
    }

    @Test
    @DisplayName("5 requests over 3 accounts, each delivered 1 to 3 times, one impossible: 150 seeded interleavings")
    void many_requests_and_retries() {
        Transfers.random(4, 3, 5, true).assertSeeds(4_000, 150);
    }

    @Test
    @DisplayName("4 transfers on separate pairs of accounts, then 2: at most 12 steps alone, parallelism ≥ 80% of the ideal")
    void separate_accounts_do_not_wait_for_each_other() {
        RETRY.assertEveryInterleaving();         // throughput counts only for a correct transfer
        OPPOSITE.assertEveryInterleaving();
        Transfers disjoint = Transfers.disjoint(6, 4);
        disjoint.assertStepsAlone(12);
        disjoint.assertParallel(600, 20, 0.8);
        Transfers.disjoint(7, 2).assertParallel(700, 20, 0.8);
    }
}
