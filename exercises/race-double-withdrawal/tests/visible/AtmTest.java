import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.race.Exploration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AtmTest {

    static final Withdrawals TWO_ATMS = new Withdrawals("the two-ATM case", List.of(100), List.of(
            List.of(new Withdrawals.Request("A", 60), new Withdrawals.Request("A", 30)),
            List.of(new Withdrawals.Request("A", 50), new Withdrawals.Request("A", 20))));

    @Test
    @DisplayName("2 ATMs × 2 withdrawals on one account of 100: every interleaving keeps the balance ≥ 0 and conserves the money")
    void two_atms_every_interleaving() {
        Exploration all = TWO_ATMS.assertEveryInterleaving(Atm::withdraw);
        System.out.println(all);
    }

    @Test
    @DisplayName("8 ATMs × 2 withdrawals on 2 accounts, 150 seeded interleavings: no overdraft, no lost update, no needless refusal")
    void eight_atms_many_seeds() {
        Withdrawals eight = Withdrawals.random(8, 2, 8, 2);
        eight.assertSeeds(Atm::withdraw, 8_000, 150);
        Figures.attach(eight.balanceChart("8 ATMs on 2 accounts, balance after each step (seed 8, interleaving 8000)",
                eight.race(Atm::withdraw).run(8_000)));
    }

    @Test
    @DisplayName("8 ATMs on 8 separate accounts, then 3 on 3: at most 6 steps per withdrawal alone, parallelism ≥ 80% of no synchronisation")
    void separate_accounts_do_not_wait_for_each_other() {
        TWO_ATMS.assertEveryInterleaving(Atm::withdraw);     // throughput counts only for a correct withdraw
        Withdrawals.disjoint(3, 1, 3).assertStepsAlone(Atm::withdraw, 6);
        Withdrawals.disjoint(3, 8, 2).assertParallel(Atm::withdraw, 300, 20, 0.8);
        Withdrawals.disjoint(4, 3, 2).assertParallel(Atm::withdraw, 400, 20, 0.8);
    }
}
