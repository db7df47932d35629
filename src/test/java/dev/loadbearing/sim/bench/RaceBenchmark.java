package dev.loadbearing.sim.bench;

import dev.loadbearing.sim.race.Exploration;
import dev.loadbearing.sim.race.Race;
import dev.loadbearing.sim.race.Shared;
import dev.loadbearing.sim.race.SharedValue;
import dev.loadbearing.sim.race.Tally;
import java.util.Arrays;

/**
 * Explored schedules per second of the race explorer on the three-ATM withdraw case: three ATMs
 * withdraw 30, 40 and 50 from a balance of 100 with a compare-and-set retry loop, and the
 * explorer runs every interleaving (all pass, so nothing stops early). Rounds of about one second
 * alternate between the explorer and the old thread-per-process explorer
 * ({@code dev.loadbearing.sim.bench.oldrace}) on the same case, so both see the same machine;
 * the medians and the median of the per-round ratios are printed, and the warm time of 500 seeded
 * interleavings of 8 ATMs. The last line is {@code race_schedules_per_second: N}.
 *
 * <p>{@code java -cp ... dev.loadbearing.sim.bench.RaceBenchmark [ROUNDS]} (bench/race.sh).
 */
public final class RaceBenchmark {

    private static final int[] AMOUNTS = {30, 40, 50};

    private RaceBenchmark() {
    }

    /** The world of the new explorer. */
    static final class Bank {
        final SharedValue<Integer> balance;
        final Tally dispensed;

        Bank(Shared shared) {
            balance = shared.value("balance", 100);
            dispensed = shared.tally("dispensed");
        }
    }

    static void withdraw(Bank bank, int amount) {
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

    static Race<Bank> threeAtms() {
        Race<Bank> race = Race.of(Bank::new)
                .invariant("balance never negative", bank -> bank.balance.peek() >= 0)
                .atEnd("money is conserved", bank -> bank.balance.peek() + bank.dispensed.total() == 100);
        for (int i = 0; i < AMOUNTS.length; i++) {
            int amount = AMOUNTS[i];
            race.process("ATM-" + (i + 1), bank -> withdraw(bank, amount));
        }
        return race;
    }

    /** The old explorer's world: the cash dispensed was a plain field there. */
    static final class OldBank {
        final dev.loadbearing.sim.bench.oldrace.SharedValue<Integer> balance;
        int dispensed;

        OldBank(dev.loadbearing.sim.bench.oldrace.Shared shared) {
            balance = shared.value("balance", 100);
        }
    }

    static void withdraw(OldBank bank, int amount) {
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

    static dev.loadbearing.sim.bench.oldrace.Race<OldBank> oldThreeAtms() {
        var race = dev.loadbearing.sim.bench.oldrace.Race.of(OldBank::new)
                .invariant("balance never negative", bank -> bank.balance.peek() >= 0)
                .atEnd("money is conserved", bank -> bank.balance.peek() + bank.dispensed == 100);
        for (int i = 0; i < AMOUNTS.length; i++) {
            int amount = AMOUNTS[i];
            race.process("ATM-" + (i + 1), bank -> withdraw(bank, amount));
        }
        return race;
    }

    /** Schedules per second of the new explorer over about {@code millis}. */
    static double newRound(long millis) {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        long runs = 0;
        do {
            Exploration result = threeAtms().exploreAll();
            check(result.passed() && result.complete(), result.toString());
            runs += result.runs();
        } while (System.nanoTime() - start < millis * 1_000_000);
        lastCpuRate = runs / ((CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9);
        return runs / ((System.nanoTime() - start) / 1e9);
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    /** The last new round's schedules per second of the explorer thread's CPU time (it runs on one thread). */
    private static double lastCpuRate;

    /** Schedules per second of the old explorer over about {@code millis} (capped explorations: it is slow). */
    static double oldRound(long millis) {
        long start = System.nanoTime();
        long runs = 0;
        do {
            var result = oldThreeAtms().exploreAll(200);
            check(result.passed(), result.toString());
            runs += result.runs();
        } while (System.nanoTime() - start < millis * 1_000_000);
        return runs / ((System.nanoTime() - start) / 1e9);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("the benchmark case failed: " + what);
        }
    }

    /** Runs the rounds and prints the medians, the ratio and the last line. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean withOld = !Boolean.getBoolean("race.newOnly");
        Exploration once = threeAtms().exploreAll();
        System.out.println("case: 3 ATMs (30, 40, 50 from 100, compare-and-set retry), exploreAll: " + once);
        newRound(2000); // warm-up: JIT
        if (withOld) {
            oldRound(1000);
        }
        double[] fresh = new double[rounds];
        double[] old = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            fresh[r] = newRound(1000);
            double cpuRate = lastCpuRate;
            old[r] = withOld ? oldRound(1000) : Double.NaN;
            System.out.printf("round %d: new %.0f schedules/s (%.0f per CPU second), old %.0f schedules/s%n",
                    r + 1, fresh[r], cpuRate, old[r]);
        }
        // the large case: 8 ATMs withdrawing 30 each from 100, 500 seeded interleavings
        Race<Bank> eight = Race.of(Bank::new)
                .atEnd("money is conserved", bank -> bank.balance.peek() + bank.dispensed.total() == 100);
        for (int i = 1; i <= 8; i++) {
            eight.process("ATM-" + i, bank -> withdraw(bank, 30));
        }
        long[] sweeps = new long[10];
        for (int i = 0; i < sweeps.length; i++) {
            long start = System.nanoTime();
            check(eight.exploreSeeds(0, 500).passed(), "8 ATMs");
            sweeps[i] = System.nanoTime() - start;
        }
        Arrays.sort(sweeps);
        System.out.printf("8 ATMs, 500 seeded interleavings (warm): median %.1f ms%n", sweeps[sweeps.length / 2] / 1e6);
        double newMedian = median(fresh);
        double oldMedian = median(old);
        System.out.printf("old_race_schedules_per_second: %.0f%n", oldMedian);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = fresh[r] / old[r]; // rounds side by side saw the same machine load
        }
        System.out.printf("race_speedup_over_old: %.1f (median of the per-round ratios)%n", median(ratios));
        System.out.printf("race_schedules_per_second: %.0f%n", newMedian);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
