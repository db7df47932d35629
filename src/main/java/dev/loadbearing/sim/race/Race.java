package dev.loadbearing.sim.race;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A race-condition scenario: a few processes (ATMs, clients) that share simulated state, and the
 * rules that state must keep. The explorer runs the processes with their simulated operations
 * interleaved in different orders and returns the first order that breaks a rule.
 *
 * <p>A process is plain straight-line Java. Every call on a shared object ({@link SharedValue},
 * {@link Mutex}, {@link VersionedRow}) is one atomic step, and between two steps another process
 * may run. Code between steps (local variables, arithmetic) happens in no time.
 *
 * <pre>{@code
 * final class Bank {
 *     final SharedValue<Integer> balance;
 *     final Tally dispensed;          // cash handed out: added to, never read by the ATMs
 *     Bank(Shared shared) {
 *         balance = shared.value("balance", 100);
 *         dispensed = shared.tally("dispensed");
 *     }
 * }
 *
 * static void withdraw(Bank bank, int amount) {
 *     int seen = bank.balance.read();
 *     if (seen >= amount) {
 *         bank.balance.write(seen - amount);
 *         bank.dispensed.add(amount);
 *     }
 * }
 *
 * Race<Bank> race = Race.of(Bank::new)
 *         .process("ATM-A", bank -> withdraw(bank, 50))
 *         .process("ATM-B", bank -> withdraw(bank, 80))
 *         .invariant("balance never negative", bank -> bank.balance.peek() >= 0)
 *         .atEnd("money is conserved", bank -> bank.balance.peek() + bank.dispensed.total() == 100);
 *
 * Exploration all = race.exploreAll();              // every interleaving (tiny cases)
 * Exploration sampled = race.exploreSeeds(0, 500);  // 500 seeded random interleavings
 * all.failure().ifPresent(System.out::println);     // the step list of the first bad one
 * }</pre>
 *
 * <p>Each run builds a fresh world with the factory given to {@link #of}, so runs never share
 * state, and everything runs on the caller's thread. The same seed always gives the same
 * interleaving, and {@link #replay} repeats any run from its schedule.
 *
 * <p><b>The one rule for process code:</b> to reach each of its steps, a process is re-run from
 * its start with its earlier calls answered from a log (Java cannot pause a method), so it must
 * depend only on what its shared objects return, and change nothing but shared objects: no
 * fields written or read as state, no randomness, no clock. Locals and final configuration are
 * fine. A re-run that makes different calls is reported as a problem; the race exercises' bytecode
 * rule refuses fields as hidden shared memory before learner code runs at all. A process that
 * loops forever without calling a shared object is not interrupted (the grader's time limit ends
 * it); one that loops forever taking steps ends with {@link #maxSteps}.
 *
 * @param <W> the world the processes share: a record or class holding the shared objects
 */
public final class Race<W> {

    /** A named rule about the world. */
    record Check<W>(String name, Predicate<W> holds) {
    }

    private final Function<Shared, W> world;
    private final List<String> names = new ArrayList<>();
    private final List<Consumer<W>> bodies = new ArrayList<>();
    private final List<Check<W>> invariants = new ArrayList<>();
    private final List<Check<W>> finalChecks = new ArrayList<>();
    private int maxSteps = 10_000;

    private Race(Function<Shared, W> world) {
        this.world = world;
    }

    /**
     * Starts a scenario whose world is built, for every run, by {@code world} from the
     * {@link Shared} factory of simulated objects.
     */
    public static <W> Race<W> of(Function<Shared, W> world) {
        return new Race<>(Objects.requireNonNull(world, "world"));
    }

    /** Adds a process named {@code name} that runs {@code body} against the world. */
    public Race<W> process(String name, Consumer<W> body) {
        Objects.requireNonNull(body, "body");
        if (names.contains(Objects.requireNonNull(name, "name"))) {
            throw new IllegalArgumentException("two processes are named " + name);
        }
        names.add(name);
        bodies.add(body);
        return this;
    }

    /** Adds a rule checked at the start, after every step and at the end (read state with {@code peek()}). */
    public Race<W> invariant(String name, Predicate<W> holds) {
        invariants.add(new Check<>(name, Objects.requireNonNull(holds, "holds")));
        return this;
    }

    /** Adds a rule checked once every process has finished (read state with {@code peek()}). */
    public Race<W> atEnd(String name, Predicate<W> holds) {
        finalChecks.add(new Check<>(name, Objects.requireNonNull(holds, "holds")));
        return this;
    }

    /** Caps the steps of one run (default 10,000), so endless retry loops end with a clear message. */
    public Race<W> maxSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("maxSteps must be positive");
        }
        this.maxSteps = steps;
        return this;
    }

    /** Runs one interleaving chosen by {@code seed}; the same seed always gives the same run. */
    public Interleaving run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return Execution.run(this, (enabled, count) -> count == 1 ? 0 : random.nextInt(count), seed);
    }

    /**
     * Runs the interleaving in which the processes move in the order {@code schedule} names them,
     * one name per step (an {@link Interleaving#schedule()}); gives the same steps and the same
     * problem as the run it came from. If the schedule ends before the run does, the first
     * process (in the order added) able to move goes next.
     *
     * @throws IllegalArgumentException if the schedule names a process that is not in this race, or
     *                                  one that cannot move at that step
     */
    public Interleaving replay(List<String> schedule) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        int[] at = {0};
        return Execution.run(this, (enabled, count) -> {
            int step = at[0]++;
            if (step >= schedule.size()) {
                return 0;
            }
            String name = schedule.get(step);
            Integer wanted = index.get(name);
            if (wanted == null) {
                throw new IllegalArgumentException("the schedule names " + name + ", which is not a process of this race " + names);
            }
            for (int i = 0; i < count; i++) {
                if (enabled[i] == wanted) {
                    return i;
                }
            }
            throw new IllegalArgumentException("the schedule does not fit this race: step " + (step + 1) + " is "
                    + name + "'s, but " + name + " cannot move then (finished, or waiting for a lock)");
        }, null);
    }

    /** Runs the interleavings of seeds {@code first}, {@code first + 1}, … until one fails, within {@link Budget#DEFAULT}'s time. */
    public Exploration exploreSeeds(long first, int count) {
        return exploreSeeds(first, count, new Budget(Math.max(1, count), Budget.DEFAULT.maxTime()));
    }

    /** Runs the interleavings of seeds {@code first}, {@code first + 1}, … until one fails or the budget runs out. */
    public Exploration exploreSeeds(long first, int count, Budget budget) {
        long deadline = System.nanoTime() + budget.maxTime().toNanos();
        for (int i = 0; i < count; i++) {
            if (i >= budget.maxRuns() || System.nanoTime() - deadline > 0) {
                return new Exploration(Exploration.Verdict.OUT_OF_BUDGET, i, false, null, budget);
            }
            Interleaving run = run(first + i);
            if (!run.passed()) {
                return new Exploration(Exploration.Verdict.FAILED, i + 1, false, run, budget);
            }
        }
        return new Exploration(Exploration.Verdict.PASSED, count, false, null, budget);
    }

    /** Runs every interleaving, depth first, within {@link Budget#DEFAULT}, until one fails. */
    public Exploration exploreAll() {
        return exploreAll(Budget.DEFAULT);
    }

    /** Runs every interleaving, depth first, up to {@code maxRuns} runs (within the default time). */
    public Exploration exploreAll(int maxRuns) {
        return exploreAll(Budget.runs(maxRuns));
    }

    /**
     * Runs every interleaving, depth first, until one fails or the budget runs out. Interleavings
     * are distinct orders of the processes' steps: two processes of {@code m} and {@code n}
     * independent steps have {@code (m+n)! / (m! n!)} of them.
     */
    public Exploration exploreAll(Budget budget) {
        long deadline = System.nanoTime() + budget.maxTime().toNanos();
        DepthFirst dfs = new DepthFirst();
        int runs = 0;
        while (true) {
            if (runs >= budget.maxRuns() || System.nanoTime() - deadline > 0) {
                return new Exploration(Exploration.Verdict.OUT_OF_BUDGET, runs, true, null, budget);
            }
            dfs.point = 0;
            Interleaving run = Execution.run(this, dfs, null);
            runs++;
            if (!run.passed()) {
                return new Exploration(Exploration.Verdict.FAILED, runs, true, run, budget);
            }
            if (!dfs.next()) {
                return new Exploration(Exploration.Verdict.PASSED, runs, true, null, budget);
            }
        }
    }

    /**
     * Depth-first choices: at the i-th point of a run where more than one process can move, the
     * choice taken and the number of options. A run repeats the choices of the path so far and
     * takes the first option at every new point.
     */
    private static final class DepthFirst implements Execution.Scheduler {
        int[] taken = new int[16];
        int[] options = new int[16];
        int depth;
        int point;

        @Override
        public int pick(int[] enabled, int count) {
            if (count == 1) {
                return 0;
            }
            int i = point++;
            if (i < depth) {
                return taken[i];
            }
            if (i == taken.length) {
                taken = java.util.Arrays.copyOf(taken, i * 2);
                options = java.util.Arrays.copyOf(options, i * 2);
            }
            taken[i] = 0;
            options[i] = count;
            depth = i + 1;
            return 0;
        }

        /** Moves to the next path; false when every path has been taken. */
        boolean next() {
            while (depth > 0 && taken[depth - 1] == options[depth - 1] - 1) {
                depth--;
            }
            if (depth == 0) {
                return false;
            }
            taken[depth - 1]++;
            return true;
        }
    }

    Function<Shared, W> world() {
        return world;
    }

    List<String> processNames() {
        return names;
    }

    List<Consumer<W>> processBodies() {
        return bodies;
    }

    List<Check<W>> invariants() {
        return invariants;
    }

    List<Check<W>> finalChecks() {
        return finalChecks;
    }

    int maxSteps() {
        return maxSteps;
    }
}
