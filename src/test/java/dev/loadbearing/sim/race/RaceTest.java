package dev.loadbearing.sim.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ATM withdrawal race, its three fixes, and the explorer's guarantees. */
class RaceTest {

    /** An account, a lock, a versioned row, and the cash the ATMs handed out (a tally, not a step). */
    static final class Bank {
        final SharedValue<Integer> balance;
        final Mutex lock;
        final VersionedRow<Integer> row;
        final Tally dispensed;

        Bank(Shared shared) {
            balance = shared.value("balance", 100);
            lock = shared.mutex("account lock");
            row = shared.row("account", 100);
            dispensed = shared.tally("dispensed");
        }
    }

    static void unsafeWithdraw(Bank bank, int amount) {
        int seen = bank.balance.read();
        if (seen >= amount) {
            bank.balance.write(seen - amount);
            bank.dispensed.add(amount);
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
                bank.dispensed.add(amount);
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
                bank.dispensed.add(amount);
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
                        bank -> bank.dispensed.total() == 100 - bank.balance.peek() + 100 - bank.row.peek().value());
    }

    @Test
    void two_atms_withdrawing_concurrently_lose_an_update() {
        Exploration result = twoAtms(RaceTest::unsafeWithdraw).exploreAll();

        Interleaving failure = result.failure().orElseThrow();
        assertEquals(Exploration.Verdict.FAILED, result.verdict());
        assertEquals(List.of(
                new Step("ATM-A", Step.Kind.READ, "balance", 100, null, null),
                new Step("ATM-B", Step.Kind.READ, "balance", 100, null, null),
                new Step("ATM-A", Step.Kind.WRITE, "balance", 50, null, null),
                new Step("ATM-B", Step.Kind.WRITE, "balance", 20, null, null)), failure.steps());
        assertEquals(List.of("ATM-A", "ATM-B", "ATM-A", "ATM-B"), failure.schedule());
        assertEquals("\"every dispensed euro left the account\" broken at the end: "
                + "balance = 20, account lock free, account = 100 (version 0), dispensed = 130", failure.problem());
        assertEquals("""
                1. ATM-A reads balance = 100
                2. ATM-B reads balance = 100
                3. ATM-A writes balance = 50
                4. ATM-B writes balance = 20
                Problem: "every dispensed euro left the account" broken at the end: \
                balance = 20, account lock free, account = 100 (version 0), dispensed = 130""", failure.toString());
    }

    @Test
    void replaying_the_failing_schedule_gives_the_same_steps_and_the_same_violation() {
        Interleaving failure = twoAtms(RaceTest::unsafeWithdraw).exploreAll().failure().orElseThrow();

        Interleaving replayed = twoAtms(RaceTest::unsafeWithdraw).replay(failure.schedule());

        assertEquals(failure.steps(), replayed.steps());
        assertEquals(failure.problem(), replayed.problem());
        assertEquals(failure, replayed);
    }

    @Test
    void replaying_a_seed_s_schedule_gives_that_seed_s_run() {
        Race<Bank> race = twoAtms(RaceTest::casWithdraw);
        for (long seed = 0; seed < 20; seed++) {
            Interleaving run = race.run(seed);
            Interleaving replayed = race.replay(run.schedule());
            assertEquals(run.steps(), replayed.steps());
            assertEquals(run.problem(), replayed.problem());
        }
    }

    @Test
    void a_schedule_that_does_not_fit_the_race_is_refused_with_the_step_it_breaks_at() {
        Race<Bank> race = twoAtms(RaceTest::lockedWithdraw);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> race.replay(List.of("ATM-A", "ATM-B")));

        assertEquals("the schedule does not fit this race: step 2 is ATM-B's, but ATM-B cannot move then"
                + " (finished, or waiting for a lock)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> race.replay(List.of("ATM-C")));
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
        assertEquals("No problem in 2 interleavings (all of them).", result.toString());
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
            race.run(seed).steps().forEach(step -> steps.add(step.toString()));
        }

        assertTrue(steps.contains("ATM-B compare-and-sets balance from 100 to 20: failed, it is 50"), steps.toString());
        assertTrue(steps.contains("ATM-A compare-and-sets balance from 100 to 50: done"), steps.toString());
    }

    @Test
    void the_same_seed_always_gives_the_same_interleaving_and_seeds_differ() {
        Race<Bank> race = twoAtms(RaceTest::casWithdraw);
        Set<List<Step>> distinct = new HashSet<>();
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
        assertFalse(result.passed(), "a search that ran out of budget did not pass");
        assertTrue(result.outOfBudget());
        assertEquals("Not finished: the budget (5 runs or 5 s) ran out after 5 interleavings. None of them failed,"
                + " but the other interleavings were not tried.", result.toString());
    }

    @Test
    void an_exploration_out_of_time_says_so_instead_of_passing() {
        Race<SharedValue<Integer>> race = Race.<SharedValue<Integer>>of(shared -> shared.value("x", 0));
        for (String name : List.of("p", "q", "r", "s", "t", "u")) {
            race.process(name, RaceTest::threeReads); // 18! / (3!)^6, far beyond 50 ms
        }

        Exploration result = race.exploreAll(new Budget(Integer.MAX_VALUE, Duration.ofMillis(50)));

        assertEquals(Exploration.Verdict.OUT_OF_BUDGET, result.verdict());
        assertTrue(result.runs() > 0);
        assertTrue(result.toString().startsWith("Not finished: the budget (2147483647 runs or 50 ms) ran out after "),
                result.toString());
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

        assertEquals(List.of("transfer 1 locks lock A", "transfer 2 locks lock B"),
                failure.steps().stream().map(Step::toString).toList());
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
    void processes_run_on_the_caller_s_thread_and_the_explorer_starts_none() {
        Set<Thread> seen = new HashSet<>();
        int before = Thread.activeCount();
        Race<Mutex> race = Race.<Mutex>of(shared -> shared.mutex("lock"))
                .process("a", m -> {
                    seen.add(Thread.currentThread());
                    m.lock();
                    m.unlock();
                })
                .process("b", m -> {
                    seen.add(Thread.currentThread());
                    m.lock();
                    m.unlock();
                });

        assertTrue(race.exploreAll().passed());
        race.exploreSeeds(0, 50);

        assertEquals(Set.of(Thread.currentThread()), seen);
        assertEquals(before, Thread.activeCount());
    }

    @Test
    void a_process_that_does_something_else_when_re_run_is_reported_not_trusted() {
        final class World {
            final SharedValue<Integer> x;
            int calls; // state outside the shared objects: what the rule for process code forbids

            World(Shared shared) {
                x = shared.value("x", 0);
            }
        }
        Race<World> race = Race.of(World::new)
                .process("p", w -> {
                    if (w.calls++ == 0) {
                        w.x.read();
                    } else {
                        w.x.write(1);
                    }
                    w.x.read();
                });

        String problem = race.run(1).problem();

        assertTrue(problem.startsWith("p did something else when the explorer re-ran it: its call 1 was read x and is now"
                + " write x (1). A process is re-run from its start"), problem);
        assertTrue(problem.contains("keep state in a SharedValue"), problem);
    }

    @Test
    void a_process_may_not_read_without_a_step() {
        Race<SharedValue<Boolean>> race = Race.<SharedValue<Boolean>>of(shared -> shared.value("locked", false))
                .process("spinner", flag -> {
                    while (flag.peek()) {
                        // a spin on an unsimulated read would never let another process move
                    }
                });

        assertEquals("spinner threw java.lang.IllegalStateException: locked.peek() reads without taking a step,"
                + " so only rules (invariant, atEnd) may use it; spinner must take a step instead"
                + " at RaceTest.java:" + lineOf("while (flag.peek())"), race.run(1).problem());
    }

    @Test
    void a_spin_lock_on_a_shared_value_with_compare_and_set_is_explored_and_passes() {
        record World(SharedValue<Boolean> locked, SharedValue<Integer> balance, Tally dispensed) {
        }
        java.util.function.BiConsumer<World, Integer> withdraw = (w, amount) -> {
            while (!w.locked().compareAndSet(false, true)) {
                // spin: every failed attempt is a step, so the other ATM gets to move
            }
            int seen = w.balance().read();
            if (seen >= amount) {
                w.balance().write(seen - amount);
                w.dispensed().add(amount);
            }
            w.locked().write(false);
        };
        Race<World> race = Race.of(shared -> new World(shared.value("locked", false), shared.value("balance", 100),
                        shared.tally("dispensed")))
                .process("ATM-A", w -> withdraw.accept(w, 50))
                .process("ATM-B", w -> withdraw.accept(w, 80))
                .invariant("balance never negative", w -> w.balance().peek() >= 0)
                .atEnd("money is conserved", w -> w.balance().peek() + w.dispensed().total() == 100)
                .maxSteps(60);

        Exploration result = race.exploreSeeds(0, 300);

        assertTrue(result.passed(), result.toString());
    }

    @Test
    void the_span_of_a_run_shows_whether_processes_could_have_run_side_by_side() {
        record Accounts(SharedValue<Integer> a, SharedValue<Integer> b, Mutex lockA, Mutex lockB, Mutex global) {
        }
        java.util.function.BiConsumer<Mutex, SharedValue<Integer>> withdraw = (lock, account) -> {
            lock.lock();
            int seen = account.read();
            account.write(seen - 10);
            lock.unlock();
        };
        java.util.function.Function<Shared, Accounts> world = shared -> new Accounts(shared.value("a", 100),
                shared.value("b", 100), shared.mutex("lock a"), shared.mutex("lock b"), shared.mutex("global lock"));
        Race<Accounts> perAccount = Race.of(world)
                .process("ATM-1", w -> withdraw.accept(w.lockA(), w.a()))
                .process("ATM-2", w -> withdraw.accept(w.lockB(), w.b()));
        Race<Accounts> global = Race.of(world)
                .process("ATM-1", w -> withdraw.accept(w.global(), w.a()))
                .process("ATM-2", w -> withdraw.accept(w.global(), w.b()));

        for (long seed = 0; seed < 10; seed++) {
            assertEquals(4, perAccount.run(seed).span(), "disjoint accounts: the two ATMs overlap");
            assertEquals(8, global.run(seed).span(), "one lock: the ATMs go one after the other");
        }
    }

    /**
     * Two accounts, a lock each, and the ids of the transfer requests already applied, as a sorted
     * list (a {@code Set.copyOf} would print in an order that differs between JVM runs).
     */
    record Ledger(SharedValue<Integer> a, SharedValue<Integer> b, Mutex lockA, Mutex lockB, SharedValue<List<String>> done) {
        static Ledger of(Shared shared) {
            return new Ledger(shared.value("a", 100), shared.value("b", 100), shared.mutex("lock a"),
                    shared.mutex("lock b"), shared.value("applied", List.of()));
        }
    }

    /** Moves {@code amount} under both account locks, taken in one global order (a, then b). */
    static void transfer(Ledger l, boolean aToB, int amount, String requestId, boolean idempotent) {
        SharedValue<Integer> from = aToB ? l.a() : l.b();
        SharedValue<Integer> to = aToB ? l.b() : l.a();
        l.lockA().lock();
        l.lockB().lock();
        List<String> done = l.done().read();
        if (!idempotent || !done.contains(requestId)) {
            int balance = from.read();
            if (balance >= amount) {
                from.write(balance - amount);
                to.write(to.read() + amount);
            }
            java.util.TreeSet<String> now = new java.util.TreeSet<>(done);
            now.add(requestId);
            l.done().write(List.copyOf(now));
        }
        l.lockB().unlock();
        l.lockA().unlock();
    }

    static Race<Ledger> transfers(boolean idempotent) {
        return Race.of(Ledger::of)
                .process("transfer r1 (a to b)", l -> transfer(l, true, 30, "r1", idempotent))
                .process("transfer r2 (b to a)", l -> transfer(l, false, 20, "r2", idempotent))
                .process("r1 retried", l -> transfer(l, true, 30, "r1", idempotent))
                .atEnd("money is conserved", l -> l.a().peek() + l.b().peek() == 200)
                .atEnd("each request moved money once", l -> l.a().peek() == 90 && l.b().peek() == 110);
    }

    @Test
    void idempotent_transfers_in_one_lock_order_pass_every_interleaving_and_a_retry_without_the_id_check_fails() {
        Exploration idempotent = transfers(true).exploreAll();
        assertTrue(idempotent.complete(), idempotent.toString());
        assertEquals(6, idempotent.runs(), "the locks leave only the order of the three transfers");

        Interleaving twice = transfers(false).exploreAll().failure().orElseThrow();
        assertTrue(twice.problem().startsWith("\"each request moved money once\" broken at the end: a = 60, b = 140, lock a free,"
                + " lock b free, applied = [r1, r2]"),
                twice.problem());
    }

    @Test
    void shared_objects_need_distinct_names() {
        Race<SharedValue<Integer>> race = Race.<SharedValue<Integer>>of(shared -> {
            shared.value("x", 0);
            return shared.value("x", 1);
        }).process("p", SharedValue::read);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> race.run(1));
        assertEquals("two shared objects are named x", e.getMessage());
    }

    @Test
    void eight_atms_over_five_hundred_seeds_overdraw_only_without_compare_and_set() {
        long start = System.nanoTime();
        Exploration safe = eightAtms(RaceTest::casWithdraw).exploreSeeds(0, 500);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("8 ATMs, 500 seeded interleavings: " + millis + " ms");

        assertTrue(safe.passed(), safe.toString());
        assertEquals(500, safe.runs());
        Exploration unsafe = eightAtms(RaceTest::unsafeWithdraw).exploreSeeds(0, 500);
        assertEquals(Exploration.Verdict.FAILED, unsafe.verdict());
        Interleaving failure = unsafe.failure().orElseThrow();
        assertEquals(failure, eightAtms(RaceTest::unsafeWithdraw).run(failure.seed()));
        assertEquals(failure.problem(), eightAtms(RaceTest::unsafeWithdraw).replay(failure.schedule()).problem());
    }

    private static Race<Bank> eightAtms(java.util.function.BiConsumer<Bank, Integer> withdraw) {
        Race<Bank> race = Race.of(Bank::new)
                .invariant("balance never negative", bank -> bank.balance.peek() >= 0)
                .atEnd("every dispensed euro left the account", bank -> bank.dispensed.total() == 100 - bank.balance.peek());
        for (int i = 1; i <= 8; i++) {
            race.process("ATM-" + i, bank -> withdraw.accept(bank, 30));
        }
        return race;
    }

    /** The line of this file that contains {@code text}. */
    private static int lineOf(String text) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of("src/test/java/dev/loadbearing/sim/race/RaceTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError(text + " is not in RaceTest.java");
    }

    private static void threeReads(SharedValue<Integer> x) {
        x.read();
        x.read();
        x.read();
    }
}
