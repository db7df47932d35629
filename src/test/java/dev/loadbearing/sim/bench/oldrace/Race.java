package dev.loadbearing.sim.bench.oldrace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 *     int dispensed;                  // plain bookkeeping: not a step
 *     Bank(Shared shared) { balance = shared.value("balance", 100); }
 * }
 *
 * static void withdraw(Bank bank, int amount) {
 *     int seen = bank.balance.read();
 *     if (seen >= amount) {
 *         bank.balance.write(seen - amount);
 *         bank.dispensed += amount;
 *     }
 * }
 *
 * Race<Bank> race = Race.of(Bank::new)
 *         .process("ATM-A", bank -> withdraw(bank, 50))
 *         .process("ATM-B", bank -> withdraw(bank, 80))
 *         .invariant("balance never negative", bank -> bank.balance.peek() >= 0)
 *         .atEnd("money is conserved", bank -> bank.balance.peek() + bank.dispensed == 100);
 *
 * Exploration all = race.exploreAll();              // every interleaving (tiny cases)
 * Exploration sampled = race.exploreSeeds(0, 500);  // 500 seeded random interleavings
 * all.failure().ifPresent(System.out::println);     // the step list of the first bad one
 * }</pre>
 *
 * <p>Each run builds a fresh world with the factory given to {@link #of}, so runs never share
 * state. The same seed always gives the same interleaving. Processes do not see threads: the
 * explorer hands control to exactly one process at a time, so plain fields of the world (such as
 * a count of cash dispensed) can be updated freely; only shared objects interleave.
 *
 * @param <W> the world the processes share: a record or class holding the shared objects
 */
public final class Race<W> {

    /** A named rule about the world. */
    record Check<W>(String name, Predicate<W> holds) {
    }

    /** Runs of {@link #exploreAll()} before it stops and reports an incomplete exploration. */
    public static final int DEFAULT_MAX_RUNS = 100_000;

    private final Function<Shared, W> world;
    private final Map<String, Consumer<W>> processes = new LinkedHashMap<>();
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
        if (processes.putIfAbsent(Objects.requireNonNull(name, "name"), body) != null) {
            throw new IllegalArgumentException("two processes are named " + name);
        }
        return this;
    }

    /** Adds a rule checked at the start, after every step and at the end (read state with {@code peek()}). */
    public Race<W> invariant(String name, Predicate<W> holds) {
        invariants.add(new Check<>(name, holds));
        return this;
    }

    /** Adds a rule checked once every process has finished (read state with {@code peek()}). */
    public Race<W> atEnd(String name, Predicate<W> holds) {
        finalChecks.add(new Check<>(name, holds));
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
        try (ProcessThreads threads = new ProcessThreads()) {
            return run(seed, threads);
        }
    }

    private Interleaving run(long seed, ProcessThreads threads) {
        SplittableRandom random = new SplittableRandom(seed);
        return Execution.run(this, random::nextInt, seed, threads);
    }

    /** Runs the interleavings of seeds {@code first}, {@code first + 1}, … until one fails. */
    public Exploration exploreSeeds(long first, int count) {
        try (ProcessThreads threads = new ProcessThreads()) {
            for (int i = 0; i < count; i++) {
                Interleaving run = run(first + i, threads);
                if (!run.passed()) {
                    return new Exploration(i + 1, false, run);
                }
            }
        }
        return new Exploration(count, false, null);
    }

    /** Runs every interleaving (depth first), up to {@link #DEFAULT_MAX_RUNS}, until one fails. */
    public Exploration exploreAll() {
        return exploreAll(DEFAULT_MAX_RUNS);
    }

    /**
     * Runs every interleaving, depth first, up to {@code maxRuns}, until one fails. Interleavings
     * are distinct orders of the processes' steps: two processes of {@code m} and {@code n}
     * independent steps have {@code (m+n)! / (m! n!)} of them.
     */
    public Exploration exploreAll(int maxRuns) {
        // path[i] = {choice taken, options} at the i-th point where more than one process could move
        List<int[]> path = new ArrayList<>();
        int runs = 0;
        try (ProcessThreads threads = new ProcessThreads()) {
            while (runs < maxRuns) {
                int[] point = {0};
                Interleaving run = Execution.run(this, options -> {
                    int i = point[0]++;
                    if (i < path.size()) {
                        return path.get(i)[0];
                    }
                    path.add(new int[] {0, options});
                    return 0;
                }, null, threads);
                runs++;
                if (!run.passed()) {
                    return new Exploration(runs, false, run);
                }
                while (!path.isEmpty() && path.get(path.size() - 1)[0] == path.get(path.size() - 1)[1] - 1) {
                    path.remove(path.size() - 1);
                }
                if (path.isEmpty()) {
                    return new Exploration(runs, true, null);
                }
                path.get(path.size() - 1)[0]++;
            }
        }
        return new Exploration(runs, false, null);
    }

    Function<Shared, W> world() {
        return world;
    }

    Map<String, Consumer<W>> processes() {
        return Collections.unmodifiableMap(processes);
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
