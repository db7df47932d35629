package dev.loadbearing.sim.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ATM withdrawal race, its three fixes, and the explorer's guarantees. */
class RaceTest {

    /** An account, the cash the ATMs handed out (local bookkeeping, not a step), and a lock. */
    static final class Bank {
        final SharedValue<Integer> balance;
        final Mutex lock;
        final VersionedRow<Integer> row;
        int dispensed;

        Bank(Shared shared) {
            balance = shared.value("balance", 100);
            lock = shared.mutex("account lock");
            row = shared.row("account", 100);
        }
    }

    static void unsafeWithdraw(Bank bank, int amount) {
        int seen = bank.balance.read();
        if (seen >= amount) {
            bank.balance.write(seen - amount);
            bank.dispensed += amount;
        }
    }

    static void lockedWithdraw(Bank bank, int amount) {
        bank.lock.lock();
        try {
            unsafeWithdraw(bank, amount);
        } finally {
            bank.lock.unlock();
        }
    }

    static void casWithdraw(Bank bank, int amount) {
        while (true) {
            int seen = bank.balance.read();
            if (seen < amount) {
                return;
            }
            if (bank.balance.compareAndSet(seen, seen - amount)) {
                bank.dispensed += amount;
                return;
            }
        }
    }

    static void optimisticWithdraw(Bank bank, int amount) {
        while (true) {
            Versioned<Integer> seen = bank.row.read();
            if (seen.value() < amount) {
                return;
            }
            if (bank.row.writeIfVersion(seen.version(), seen.value() - amount)) {
                bank.dispensed += amount;
                return;
            }
        }
    }

    static Race<Bank> twoAtms(java.util.function.BiConsumer<Bank, Integer> withdraw) {
        return Race.of(Bank::new)
                .process("ATM-A", bank -> withdraw.accept(bank, 50))
                .process("ATM-B", bank -> withdraw.accept(bank, 80))
                .invariant("balance never negative", bank -> bank.balance.peek() >= 0 && bank.row.peek().value() >= 0)
                .atEnd("every dispensed euro left the account",
                        bank -> bank.dispensed == 100 - bank.balance.peek() + 100 - bank.row.peek().value());
    }

    @Test
    void two_atms_withdrawing_concurrently_lose_an_update() {
        Exploration result = twoAtms(RaceTest::unsafeWithdraw).exploreAll();

        Interleaving failure = result.failure().orElseThrow();
        assertEquals(List.of(
                "ATM-A reads balance = 100",
                "ATM-B reads balance = 100",
                "ATM-A writes balance = 50",
                "ATM-B writes balance = 20"), failure.steps());
        assertEquals("\"every dispensed euro left the account\" broken at the end: "
                + "balance = 20, account lock free, account = 100 (version 0)", failure.problem());
        assertEquals("""
                1. ATM-A reads balance = 100
                2. ATM-B reads balance = 100
                3. ATM-A writes balance = 50
                4. ATM-B writes balance = 20
                Problem: "every dispensed euro left the account" broken at the end: \
                balance = 20, account lock free, account = 100 (version 0)""", failure.toString());
    }

    @Test
    void random_seeds_find_the_lost_update_and_the_failing_seed_replays_it() {
        Exploration result = twoAtms(RaceTest::unsafeWithdraw).exploreSeeds(0, 200);

        Interleaving failure = result.failure().orElseThrow();
        assertEquals(failure, twoAtms(RaceTest::unsafeWithdraw).run(failure.seed()));
        assertTrue(failure.toString().startsWith("Seed " + failure.seed() + "\n1. "), failure.toString());
    }

    @Test
    void withdrawing_under_a_lock_passes_every_interleaving() {
        Exploration result = twoAtms(RaceTest::lockedWithdraw).exploreAll();

        assertTrue(result.passed(), result.toString());
        assertTrue(result.complete());
        assertEquals(2, result.runs(), "the lock leaves one choice: which ATM goes first");
    }

    @Test
    void withdrawing_with_compare_and_set_and_retry_passes_every_interleaving() {
        Exploration result = twoAtms(RaceTest::casWithdraw).exploreAll();

        assertTrue(result.passed(), result.toString());
        assertTrue(result.complete());
        assertTrue(result.runs() > 2, "runs: " + result.runs());
    }

    @Test
    void withdrawing_from_a_versioned_row_with_retry_passes_every_interleaving() {
        Exploration result = twoAtms(RaceTest::optimisticWithdraw).exploreAll();

        assertTrue(result.passed(), result.toString());
        assertTrue(result.complete());
    }

    @Test
    void a_lost_compare_and_set_shows_what_it_found_in_the_step_list() {
        Race<Bank> race = twoAtms(RaceTest::casWithdraw);
        Set<String> steps = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            steps.addAll(race.run(seed).steps());
        }

        assertTrue(steps.contains("ATM-B compare-and-sets balance from 100 to 20: failed, it is 50"), steps.toString());
        assertTrue(steps.contains("ATM-A compare-and-sets balance from 100 to 50: done"), steps.toString());
    }

    @Test
    void the_same_seed_always_gives_the_same_interleaving_and_seeds_differ() {
        Race<Bank> race = twoAtms(RaceTest::casWithdraw);
        Set<List<String>> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            Interleaving first = race.run(seed);
            assertEquals(first, race.run(seed));
            distinct.add(first.steps());
        }

        assertTrue(distinct.size() > 1, "20 seeds gave one interleaving");
    }

    @Test
    void two_processes_of_three_steps_have_twenty_interleavings() {
        Race<SharedValue<Integer>> race = Race.<SharedValue<Integer>>of(shared -> shared.value("x", 0))
                .process("p", x -> threeReads(x))
                .process("q", x -> threeReads(x));

        Exploration result = race.exploreAll();

        assertEquals(20, result.runs()); // 6! / (3! 3!)
        assertTrue(result.complete());
    }

    @Test
    void three_processes_of_two_steps_have_ninety_interleavings() {
        Race<SharedValue<Integer>> race = Race.<SharedValue<Integer>>of(shared -> shared.value("x", 0));
        for (String name : List.of("p", "q", "r")) {
            race.process(name, x -> {
                x.read();
                x.write(1);
            });
        }

        assertEquals(90, race.exploreAll().runs()); // 6! / (2! 2! 2!)
    }

    @Test
    void an_exploration_capped_below_the_number_of_interleavings_says_it_is_incomplete() {
        Race<SharedValue<Integer>> race = Race.<SharedValue<Integer>>of(shared -> shared.value("x", 0))
                .process("p", RaceTest::threeReads)
                .process("q", RaceTest::threeReads);

        Exploration result = race.exploreAll(5);

        assertEquals(5, result.runs());
        assertFalse(result.complete());
        assertTrue(result.passed());
    }

    @Test
    void locks_taken_in_opposite_orders_are_reported_as_a_deadlock() {
        record Two(Mutex a, Mutex b) {
        }
        Race<Two> race = Race.of(shared -> new Two(shared.mutex("lock A"), shared.mutex("lock B")))
                .process("transfer 1", t -> {
                    t.a().lock();
                    t.b().lock();
                    t.b().unlock();
                    t.a().unlock();
                })
                .process("transfer 2", t -> {
                    t.b().lock();
                    t.a().lock();
                    t.a().unlock();
                    t.b().unlock();
                });

        Interleaving failure = race.exploreAll().failure().orElseThrow();

        assertEquals(List.of("transfer 1 locks lock A", "transfer 2 locks lock B"), failure.steps());
        assertEquals("deadlock: transfer 1, transfer 2 can never proceed; "
                + "lock A held by transfer 1, lock B held by transfer 2", failure.problem());
    }

    @Test
    void an_exception_in_a_process_fails_the_run_with_its_message() {
        Race<Mutex> race = Race.<Mutex>of(shared -> shared.mutex("lock"))
                .process("ATM-A", Mutex::unlock);

        Interleaving run = race.run(1);

        assertEquals("ATM-A threw java.lang.IllegalStateException: ATM-A unlocked lock, which it does not hold",
                run.problem());
    }

    @Test
    void invariants_are_checked_after_every_step_not_only_at_the_end() {
        Race<SharedValue<Integer>> race = Race.<SharedValue<Integer>>of(shared -> shared.value("balance", 0))
                .process("ATM-A", b -> {
                    b.write(-10);
                    b.write(0);
                })
                .invariant("balance never negative", b -> b.peek() >= 0);

        Interleaving run = race.run(1);

        assertEquals("\"balance never negative\" broken after step 1: balance = -10", run.problem());
    }

    @Test
    void a_process_that_never_stops_taking_steps_is_cut_off_with_a_message() {
        Race<SharedValue<Integer>> race = Race.<SharedValue<Integer>>of(shared -> shared.value("flag", 0))
                .process("spinner", flag -> {
                    while (flag.read() == 0) {
                        // waits for a write that never comes
                    }
                })
                .maxSteps(100);

        assertEquals("gave up after 100 steps (an endless loop?)", race.run(1).problem());
    }

    @Test
    void shared_objects_refuse_steps_from_outside_the_processes() {
        Race<SharedValue<Integer>> race = Race.<SharedValue<Integer>>of(shared -> shared.value("balance", 0))
                .process("ATM-A", SharedValue::read)
                .invariant("reads in a rule", b -> b.read() >= 0);

        String problem = race.run(1).problem();

        assertTrue(problem.startsWith("checking \"reads in a rule\" at the start threw java.lang.IllegalStateException: "
                + "simulated operations can only be called by the race's processes"), problem);
    }

    @Test
    void no_process_thread_outlives_its_run() {
        twoAtms(RaceTest::unsafeWithdraw).exploreAll();
        twoAtms(RaceTest::lockedWithdraw).exploreSeeds(0, 50);
        Race.<Mutex>of(shared -> shared.mutex("lock"))
                .process("a", m -> m.lock())
                .process("b", m -> m.lock())
                .run(3);

        Set<String> alive = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("race-") && t.isAlive()) {
                alive.add(t.getName());
            }
        }
        assertEquals(Set.of(), alive);
        assertNotEquals(0, Thread.activeCount());
    }

    @Test
    void eight_atms_over_five_hundred_seeds_overdraw_only_without_compare_and_set() {
        long start = System.nanoTime();
        Exploration safe = eightAtms(RaceTest::casWithdraw).exploreSeeds(0, 500);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("8 ATMs, 500 seeded interleavings: " + millis + " ms");

        assertTrue(safe.passed(), safe.toString());
        assertEquals(500, safe.runs());
        assertFalse(eightAtms(RaceTest::unsafeWithdraw).exploreSeeds(0, 500).passed());
    }

    private static Race<Bank> eightAtms(java.util.function.BiConsumer<Bank, Integer> withdraw) {
        Race<Bank> race = Race.of(Bank::new)
                .invariant("balance never negative", bank -> bank.balance.peek() >= 0)
                .atEnd("every dispensed euro left the account", bank -> bank.dispensed == 100 - bank.balance.peek());
        for (int i = 1; i <= 8; i++) {
            race.process("ATM-" + i, bank -> withdraw.accept(bank, 30));
        }
        return race;
    }

    private static void threeReads(SharedValue<Integer> x) {
        x.read();
        x.read();
        x.read();
    }
}
