package dev.loadbearing.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.check.CheckResult.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Classic register histories (Herlihy &amp; Wing) and the checker's semantics of fail and info. */
class LinearizabilityTest {

    @Test
    void overlapping_write_and_reads_that_agree_with_one_order_are_linearizable() {
        // Herlihy & Wing: a read concurrent with a write may see either value, as long as the
        // reads agree with a single order.
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("a", "write", 2)
                .invoke("b", "read", null).ok("b", 1)
                .invoke("c", "read", null)
                .ok("a")
                .ok("c", 2)
                .build();

        CheckResult r = Linearizability.check(h, Models.register());

        assertEquals(Verdict.LINEARIZABLE, r.verdict(), r.explanation());
    }

    @Test
    void a_read_returning_the_old_value_after_a_later_write_completed_is_not_linearizable() {
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("b", "write", 2).ok("b")
                .invoke("c", "read", null).ok("c", 1)
                .build();

        CheckResult r = Linearizability.check(h, Models.register());

        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        assertEquals(List.of("a write 1 → ok", "b write 2 → ok"), r.longestPrefix().stream().map(Operation::toString).toList());
        assertEquals("c read → 1", r.unplaced().get(0).toString());
        assertTrue(r.explanation().contains("the register holds 2"), r.explanation());
        assertTrue(r.explanation().contains("c read → 1: impossible here"), r.explanation());
    }

    @Test
    void two_reads_during_a_write_cannot_see_the_new_value_and_then_the_old_one() {
        // Both reads overlap the write of 2, but b's read returned before c's began: once b saw 2,
        // the write had taken effect, so c seeing 1 is a new-old inversion.
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("a", "write", 2)
                .invoke("b", "read", null).ok("b", 2)
                .invoke("c", "read", null).ok("c", 1)
                .ok("a")
                .build();

        assertEquals(Verdict.NOT_LINEARIZABLE, Linearizability.check(h, Models.register()).verdict());
    }

    @Test
    void a_read_of_a_never_written_value_is_not_linearizable() {
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "read", null).ok("a", 7)
                .build();

        CheckResult r = Linearizability.check(h, Models.register());

        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        assertTrue(r.explanation().contains("the register is empty"), r.explanation());
    }

    @Test
    void a_failed_write_is_never_visible() {
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("b", "write", 2).fail("b")
                .invoke("c", "read", null).ok("c", 2)
                .build();

        assertEquals(Verdict.NOT_LINEARIZABLE, Linearizability.check(h, Models.register()).verdict());
    }

    @Test
    void a_write_with_unknown_outcome_may_take_effect_long_after_it_was_invoked() {
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("b", "write", 2).info("b")
                .invoke("c", "read", null).ok("c", 1)
                .invoke("c", "read", null).ok("c", 2)
                .build();

        assertEquals(Verdict.LINEARIZABLE, Linearizability.check(h, Models.register()).verdict());
    }

    @Test
    void a_write_with_unknown_outcome_still_cannot_be_undone() {
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("b", "write", 2).info("b")
                .invoke("c", "read", null).ok("c", 2)
                .invoke("c", "read", null).ok("c", 1)
                .build();

        assertEquals(Verdict.NOT_LINEARIZABLE, Linearizability.check(h, Models.register()).verdict());
    }

    @Test
    void a_compare_and_set_succeeds_only_from_the_expected_value() {
        OperationHistory swapped = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("b", "cas", List.of(1, 5)).ok("b")
                .invoke("c", "read", null).ok("c", 5)
                .build();
        OperationHistory impossible = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("b", "cas", List.of(3, 5)).ok("b")
                .build();
        OperationHistory reportedMiss = OperationHistory.builder()
                .invoke("a", "write", 1).ok("a")
                .invoke("b", "cas", List.of(1, 5)).ok("b", false)
                .build();

        assertEquals(Verdict.LINEARIZABLE, Linearizability.check(swapped, Models.casRegister()).verdict());
        assertEquals(Verdict.NOT_LINEARIZABLE, Linearizability.check(impossible, Models.casRegister()).verdict());
        assertEquals(Verdict.NOT_LINEARIZABLE, Linearizability.check(reportedMiss, Models.casRegister()).verdict());
    }

    @Test
    void a_key_value_map_is_checked_key_by_key_and_names_the_bad_key() {
        OperationHistory h = OperationHistory.builder()
                .invoke("a", "put", Keyed.of("x", "1")).ok("a")
                .invoke("b", "append", Keyed.of("y", "2")).ok("b")
                .invoke("a", "get", Keyed.of("x", null)).ok("a", Keyed.of("x", "1"))
                .invoke("b", "get", Keyed.of("y", null)).ok("b", Keyed.of("y", "22"))
                .build();

        CheckResult r = Linearizability.check(h, Models.keyValue());

        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        assertEquals("key \"y\"", r.partition());
        assertTrue(r.explanation().startsWith("Not linearizable (key \"y\")"), r.explanation());
    }

    @Test
    void a_search_that_exceeds_its_step_budget_answers_unknown_instead_of_hanging() {
        OperationHistory h = concurrentRegisterHistory(200, 5, 42);

        CheckResult r = Linearizability.check(h, Models.casRegister(), new Linearizability.Limits(10, Duration.ofSeconds(5)));

        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertFalse(r.isLinearizable());
        assertTrue(r.explanation().startsWith("Unknown"), r.explanation());
    }

    @Test
    void thousands_of_operations_of_a_correct_register_are_checked_in_well_under_a_second() {
        OperationHistory h = concurrentRegisterHistory(5_000, 8, 7);
        long start = System.nanoTime();

        CheckResult r = Linearizability.check(h, Models.casRegister());

        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("5000-operation register history checked in " + millis + " ms, " + r.steps() + " steps");
        assertEquals(Verdict.LINEARIZABLE, r.verdict(), r.explanation());
        assertTrue(millis < 2_000, "took " + millis + " ms");
    }

    @Test
    void a_single_stale_read_among_thousands_of_operations_is_found() {
        OperationHistory good = concurrentRegisterHistory(3_000, 8, 11);
        OperationHistory.Builder b = OperationHistory.builder();
        for (OperationHistory.Event e : good.events()) {
            switch (e.type()) {
                case INVOKE -> b.invoke(e.process(), e.f(), e.value());
                case OK -> b.ok(e.process(), e.value());
                case FAIL -> b.fail(e.process());
                default -> b.info(e.process());
            }
        }
        b.invoke("writer", "write", -1).ok("writer");
        b.invoke("late", "read", null).ok("late", -2);

        long start = System.nanoTime();
        CheckResult r = Linearizability.check(b.build(), Models.casRegister());
        System.out.println("stale read after 3000 operations found in " + (System.nanoTime() - start) / 1_000_000 + " ms, " + r.steps() + " steps");

        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        assertEquals("late read → -2", r.unplaced().get(0).toString());
    }

    /**
     * A history of a correct (atomic) register used by several processes: each operation takes
     * effect at a random instant between its invocation and completion.
     */
    static OperationHistory concurrentRegisterHistory(int operations, int processes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        OperationHistory.Builder h = OperationHistory.builder();
        Object register = null;
        // per process: 0 idle, 1 invoked (effect pending), 2 effect applied (completion pending)
        int[] phase = new int[processes];
        String[] f = new String[processes];
        Object[] arg = new Object[processes];
        Object[] result = new Object[processes];
        int started = 0;
        int busy = 0;
        while (started < operations || busy > 0) {
            int p = random.nextInt(processes);
            String name = "p" + p;
            if (phase[p] == 0 && started < operations) {
                int kind = random.nextInt(3);
                f[p] = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
                arg[p] = kind == 0 ? null : kind == 1 ? random.nextInt(5) : List.of(random.nextInt(5), random.nextInt(5));
                h.invoke(name, f[p], arg[p]);
                phase[p] = 1;
                started++;
                busy++;
            } else if (phase[p] == 1) {
                switch (f[p]) {
                    case "read" -> result[p] = register;
                    case "write" -> {
                        register = arg[p];
                        result[p] = null;
                    }
                    default -> {
                        List<?> cas = (List<?>) arg[p];
                        boolean swap = cas.get(0).equals(register);
                        if (swap) {
                            register = cas.get(1);
                        }
                        result[p] = swap ? null : Boolean.FALSE;
                    }
                }
                phase[p] = 2;
            } else if (phase[p] == 2) {
                if (f[p].equals("cas") && result[p] != null) {
                    h.fail(name);
                } else {
                    h.ok(name, result[p]);
                }
                phase[p] = 0;
                busy--;
            }
        }
        return h.build();
    }
}
