import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Balances, amounts, accounts and ATM counts come from the seed. Calibration in docs/PERFORMANCE.md
 * ("Races: the double withdrawal and the retried transfer").
 */
class AtmHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 34, 55, 89, 144})
    @DisplayName("2 ATMs × 2 withdrawals, random balances and amounts on 1 or 2 accounts: every interleaving")
    void every_interleaving_of_two_atms(long seed) {
        Withdrawals.random(seed, 1 + (int) (seed % 2), 2, 2).assertEveryInterleaving(Atm::withdraw);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 19, 42, 77})
    @DisplayName("8 ATMs × 2 withdrawals on 3 to 8 accounts, 120 seeded interleavings each")
    void eight_atms_many_seeds(long seed) {
        // 8, 4, 3 and 6 accounts: how many accounts the bank has says nothing about which ATMs share one
        Withdrawals.random(seed, 1 + (int) (seed % 8), 8, 2).assertSeeds(Atm::withdraw, seed * 1_000, 120);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 13, 26})
    @DisplayName("2 to 8 ATMs on separate accounts: parallelism ≥ 80% of no synchronisation")
    void separate_accounts_run_side_by_side(long seed) {
        Withdrawals.random(seed, 1, 2, 2).assertEveryInterleaving(Atm::withdraw);
        Random random = new Random(seed);
        Withdrawals.disjoint(seed, 1, 2 + random.nextInt(3)).assertStepsAlone(Atm::withdraw, 6);
        Withdrawals.disjoint(seed, 2 + random.nextInt(7), 2 + random.nextInt(2)).assertParallel(Atm::withdraw, seed * 100, 20, 0.8);
    }
}
