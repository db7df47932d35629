import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accounts, amounts, request ids and how often each request is delivered come from the seed. */
class PaymentsHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 17, 29})
    @DisplayName("Two opposite transfers with random amounts, one delivered twice: every interleaving")
    void opposite_transfers_every_interleaving(long seed) {
        Random random = new Random(seed);
        int ab = 10 * (1 + random.nextInt(9));
        int ba = 10 * (1 + random.nextInt(9));
        boolean retryFirst = random.nextBoolean();
        new Transfers("seed " + seed, List.of(ab + 10 * random.nextInt(5), ba + 10 * random.nextInt(5)), List.of(
                new Transfers.Delivery(Transfers.request("x" + random.nextInt(1000), "A", "B", ab), retryFirst ? 2 : 1),
                new Transfers.Delivery(Transfers.request("y" + random.nextInt(1000), "B", "A", ba), retryFirst ? 1 : 2)))
                .assertEveryInterleaving();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 20, 45, 61})
    @DisplayName("4 to 7 requests over 3 to 7 accounts, retried up to twice, one impossible, 150 seeded interleavings each")
    void many_requests_and_retries(long seed) {
        Random random = new Random(seed);
        // 7, 4, 5 and 3 accounts: how many accounts the bank has says nothing about which requests share one
        Transfers.random(seed, 2 + (int) (seed % 6), 4 + random.nextInt(4), true)
                .assertSeeds(seed * 1_000, 150);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {8, 31, 44})
    @DisplayName("2 to 6 transfers on separate pairs of accounts: parallelism ≥ 80% of the ideal")
    void separate_accounts_run_side_by_side(long seed) {
        PaymentsTest.RETRY.assertEveryInterleaving();
        PaymentsTest.OPPOSITE.assertEveryInterleaving();
        Transfers disjoint = Transfers.disjoint(seed, 2 + new Random(seed).nextInt(5));
        disjoint.assertStepsAlone(12);
        disjoint.assertParallel(seed * 100, 20, 0.8);
    }
}
