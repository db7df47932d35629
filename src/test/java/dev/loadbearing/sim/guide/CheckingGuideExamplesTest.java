package dev.loadbearing.sim.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.check.CheckResult;
import dev.loadbearing.sim.check.OperationHistory;
import dev.loadbearing.sim.check.Keyed;
import dev.loadbearing.sim.check.Linearizability;
import dev.loadbearing.sim.check.Models;
import dev.loadbearing.sim.race.Exploration;
import dev.loadbearing.sim.race.Race;
import dev.loadbearing.sim.race.Shared;
import dev.loadbearing.sim.race.SharedValue;
import dev.loadbearing.sim.race.Tally;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/SIMULATION.md, section "Checking: histories, linearizability and races",
 * exactly as printed there, with the outputs the guide shows.
 */
class CheckingGuideExamplesTest {

    @Test
    void the_guide_s_stale_read_is_rejected_with_the_explanation_it_prints() {
        OperationHistory history = OperationHistory.builder()
                .invoke("alice", "write", 1).ok("alice")
                .invoke("bob", "write", 2).ok("bob")
                .invoke("carol", "read", null).ok("carol", 1)   // stale: bob's write had finished
                .build();

        CheckResult result = Linearizability.check(history, Models.register());

        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals("""
                Not linearizable: no order of the 3 operations respects both real time and the model.
                The longest linearizable prefix found places 2 operations:
                  1. alice write 1 → ok
                  2. bob write 2 → ok
                After them, the register holds 2.
                Then carol read → 1 must take effect before it returns (event 5), but no pending operation can be placed next:
                  - carol read → 1: impossible here
                """, result.explanation());
    }

    @Test
    void the_guide_s_key_value_history_is_linearizable() {
        OperationHistory.Builder h = OperationHistory.builder();
        h.invoke("c1", "put", Keyed.of("x", "a"));
        h.invoke("c2", "append", Keyed.of("x", "b"));
        h.ok("c1");
        h.ok("c2");
        h.invoke("c1", "get", Keyed.of("x", null)).ok("c1", Keyed.of("x", "ab"));

        CheckResult result = Linearizability.check(h.build(), Models.keyValue());

        assertTrue(result.isLinearizable(), result.explanation());
    }

    /** The guide's world. */
    static final class Bank {
        final SharedValue<Integer> balance;
        final Tally dispensed;              // cash handed out: added to, not a step

        Bank(Shared shared) {
            balance = shared.value("balance", 100);
            dispensed = shared.tally("dispensed");
        }
    }

    static void withdraw(Bank bank, int amount) {
        int seen = bank.balance.read();
        if (seen >= amount) {
            bank.balance.write(seen - amount);
            bank.dispensed.add(amount);
        }
    }

    static void withdrawWithCas(Bank bank, int amount) {
        while (true) {
            int seen = bank.balance.read();
            if (seen < amount) {
                return;
            }
            if (bank.balance.compareAndSet(seen, seen - amount)) {
                bank.dispensed.add(amount);
                return;
            }
        }
    }

    @Test
    void the_guide_s_atm_race_prints_the_step_list_it_shows() {
        Race<Bank> race = Race.of(Bank::new)
                .process("ATM-A", bank -> withdraw(bank, 50))
                .process("ATM-B", bank -> withdraw(bank, 80))
                .invariant("balance never negative", bank -> bank.balance.peek() >= 0)
                .atEnd("money is conserved", bank -> bank.balance.peek() + bank.dispensed.total() == 100);

        Exploration result = race.exploreAll();

        assertEquals("""
                Failed after 2 interleavings:
                1. ATM-A reads balance = 100
                2. ATM-B reads balance = 100
                3. ATM-A writes balance = 50
                4. ATM-B writes balance = 20
                Problem: "money is conserved" broken at the end: balance = 20, dispensed = 130""", result.toString());
    }

    @Test
    void the_guide_s_compare_and_set_fix_passes_every_interleaving() {
        Race<Bank> fixed = Race.of(Bank::new)
                .process("ATM-A", bank -> withdrawWithCas(bank, 50))
                .process("ATM-B", bank -> withdrawWithCas(bank, 80))
                .atEnd("money is conserved", bank -> bank.balance.peek() + bank.dispensed.total() == 100);

        Exploration result = fixed.exploreAll();

        assertTrue(result.passed() && result.complete(), result.toString());
        assertEquals(List.of(), result.failure().map(f -> f.steps()).orElse(List.of()));
        System.out.println("guide CAS example: " + result);
    }
}
