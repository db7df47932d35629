import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.LineChart;
import dev.loadbearing.sim.race.Budget;
import dev.loadbearing.sim.race.Exploration;
import dev.loadbearing.sim.race.Interleaving;
import dev.loadbearing.sim.race.Race;
import dev.loadbearing.sim.race.Shared;
import dev.loadbearing.sim.race.SharedValue;
import dev.loadbearing.sim.race.Step;
import dev.loadbearing.sim.race.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * ATMs withdrawing from shared accounts, run by the race explorer. Each ATM is a process that asks
 * for its withdrawals one after the other and hands out the cash when {@code withdraw} says yes.
 * The rules: no balance below zero (after every step), the money is conserved (opening total =
 * balances + cash handed out) and a withdrawal is refused only when the balance cannot cover it
 * (balances only go down, so the final balance must be below a refused amount).
 */
final class Withdrawals {

    /** A withdrawal an ATM asks for. */
    record Request(String account, int amount) {
        @Override
        public String toString() {
            return amount + " from " + account;
        }
    }

    /** A way to withdraw: the learner's, or one of the tests' own for comparison. */
    interface Withdraw {
        boolean withdraw(Bank bank, String accountId, int amount);
    }

    /** One run's world: the learner's bank plus what the ATMs handed out (the tests' side). */
    static final class World {
        final Bank bank;
        final Tally dispensed;
        final Tally refused;
        final boolean[] refusedFlags;

        World(Shared shared, List<Integer> opening, int requests) {
            bank = new Bank(shared, opening);
            dispensed = shared.tally("cash handed out");
            refused = shared.tally("refused");
            refusedFlags = new boolean[requests];
        }
    }

    /** Far more than a correct withdraw needs (2 steps per withdrawal alone, a few retries under contention). */
    static final int MAX_STEPS = 2_000;

    static final String NEGATIVE = "no balance below zero";
    static final String CONSERVED = "money is conserved: opening total = balances + cash handed out";
    static final String REFUSED = "a withdrawal is refused only when the balance cannot cover it";

    final String label;
    final List<Integer> opening;
    final List<List<Request>> atms;
    final int openingTotal;

    Withdrawals(String label, List<Integer> opening, List<List<Request>> atms) {
        this.label = label;
        this.opening = List.copyOf(opening);
        this.atms = List.copyOf(atms);
        this.openingTotal = opening.stream().mapToInt(Integer::intValue).sum();
    }

    /** {@code atmCount} ATMs with {@code perAtm} random withdrawals each over {@code accounts} accounts. */
    static Withdrawals random(long seed, int accounts, int atmCount, int perAtm) {
        Random random = new Random(seed);
        List<Integer> opening = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            opening.add(10 * (5 + random.nextInt(16)));                 // 50 to 200
        }
        List<List<Request>> atms = new ArrayList<>();
        for (int a = 0; a < atmCount; a++) {
            List<Request> requests = new ArrayList<>();
            for (int r = 0; r < perAtm; r++) {
                String account = String.valueOf((char) ('A' + random.nextInt(accounts)));
                requests.add(new Request(account, 10 * (1 + random.nextInt(9))));   // 10 to 90
            }
            atms.add(requests);
        }
        return new Withdrawals("seed " + seed, opening, atms);
    }

    /** {@code atmCount} ATMs, each on an account of its own, {@code perAtm} withdrawals each. */
    static Withdrawals disjoint(long seed, int atmCount, int perAtm) {
        Random random = new Random(seed);
        List<Integer> opening = new ArrayList<>();
        List<List<Request>> atms = new ArrayList<>();
        for (int a = 0; a < atmCount; a++) {
            opening.add(10 * (5 + random.nextInt(16)));
            String account = String.valueOf((char) ('A' + a));
            List<Request> requests = new ArrayList<>();
            for (int r = 0; r < perAtm; r++) {
                requests.add(new Request(account, 10 * (1 + random.nextInt(9))));
            }
            atms.add(requests);
        }
        return new Withdrawals("seed " + seed, opening, atms);
    }

    int requests() {
        return atms.stream().mapToInt(List::size).sum();
    }

    Race<World> race(Withdraw withdraw) {
        int total = requests();
        Race<World> race = Race.of(shared -> new World(shared, opening, total));
        int index = 0;
        for (int a = 0; a < atms.size(); a++) {
            List<Request> requests = atms.get(a);
            int first = index;
            race.process("ATM-" + (a + 1), w -> {
                for (int r = 0; r < requests.size(); r++) {
                    Request request = requests.get(r);
                    if (withdraw.withdraw(w.bank, request.account(), request.amount())) {
                        w.dispensed.add(request.amount());
                    } else {
                        w.refused.add(request.amount());
                        w.refusedFlags[first + r] = true;
                    }
                }
            });
            index += requests.size();
        }
        List<Request> flat = atms.stream().flatMap(List::stream).toList();
        return race
                .maxSteps(MAX_STEPS)
                .invariant(NEGATIVE, w -> w.bank.accounts().stream().allMatch(a -> a.balance().peek() >= 0))
                .atEnd(CONSERVED, w -> balances(w) + w.dispensed.total() == openingTotal)
                .atEnd(REFUSED, w -> {
                    for (int i = 0; i < flat.size(); i++) {
                        if (w.refusedFlags[i] && w.bank.account(flat.get(i).account()).balance().peek() >= flat.get(i).amount()) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private static long balances(World w) {
        return w.bank.accounts().stream().mapToLong(a -> a.balance().peek()).sum();
    }

    /** "account A opens with 100; ATM-1 asks for 60 from A, then 30 from A; ATM-2 ..." */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < opening.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append("account ").append((char) ('A' + i)).append(" opens with ").append(opening.get(i));
        }
        sb.append("; ");
        for (int a = 0; a < atms.size(); a++) {
            sb.append(a == 0 ? "" : "; ").append("ATM-").append(a + 1).append(" asks for ")
                    .append(atms.get(a).stream().map(Request::toString).collect(Collectors.joining(", then ")));
        }
        return sb.toString();
    }

    // ---- checks ----------------------------------------------------------------------------

    /** Every interleaving passes (and the search finishes). */
    Exploration assertEveryInterleaving(Withdraw withdraw) {
        Exploration result = race(withdraw).exploreAll(new Budget(200_000, Duration.ofSeconds(1)));
        if (result.outOfBudget()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: the explorer could not try every interleaving in time (%,d tried, none failed). %s. Each "
                            + "withdrawal takes too many steps: every step multiplies the orders two ATMs can take. "
                            + "A compare-and-set retry takes 2 steps when nobody interferes, a locked "
                            + "read-then-write 4", label, result.runs(), describe()));
        }
        result.failure().ifPresent(bad -> fail(bad, "Interleaving " + result.runs() + " of every possible one"));
        return result;
    }

    /** {@code count} seeded interleavings pass. */
    Exploration assertSeeds(Withdraw withdraw, long first, int count) {
        Exploration result = race(withdraw).exploreSeeds(first, count, new Budget(count, Duration.ofSeconds(3)));
        if (result.outOfBudget()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: only %,d of %,d seeded interleavings ran in time (none failed). Each withdrawal takes too many "
                            + "steps; a compare-and-set retry takes 2 when nobody interferes", label, result.runs(), count));
        }
        result.failure().ifPresent(bad -> fail(bad, "The interleaving of seed " + bad.seed()));
        return result;
    }

    private void fail(Interleaving bad, String which) {
        Figures.attach(balanceChart("The failing interleaving, balance after each step (" + label + ")", bad));
        String steps = bad.toString();
        throw new AssertionError(String.format(Locale.ROOT, "%s: %s. %s broke a rule:%n%s%n%s", label, describe(), which,
                steps.startsWith("Seed ") ? steps.substring(steps.indexOf('\n') + 1) : steps, lesson(bad.problem())));
    }

    /** What the broken rule usually means, in the lesson's words. */
    static String lesson(String problem) {
        if (problem.contains(NEGATIVE)) {
            return "Check-then-act: two ATMs both saw enough money and both took it. Checking the balance and writing "
                    + "the new one must be one atomic decision: write with compareAndSet(seen, seen - amount), which "
                    + "fails if the balance changed since you read it (then read again and retry), or hold the "
                    + "account's lock from the read to the write.";
        }
        if (problem.contains("money is conserved")) {
            return "A lost update: an ATM wrote a balance computed from a value another ATM had already changed, so "
                    + "the other withdrawal vanished from the account while its cash was handed out. Write only if the "
                    + "balance is still what you read (compareAndSet, and retry when it fails), or hold the account's "
                    + "lock from the read to the write.";
        }
        if (problem.contains(REFUSED)) {
            return "A customer was turned away although the account had the money. When compareAndSet fails, another "
                    + "ATM changed the balance: read it again and decide again (retry); give up only when the balance "
                    + "you read cannot cover the amount.";
        }
        if (problem.startsWith("deadlock")) {
            return "Every ATM still running waits for a lock that is never released. Unlock on every path out of "
                    + "withdraw, the refusal too: lock(), then try { ... } finally { unlock(); }.";
        }
        if (problem.startsWith("gave up")) {
            return "The run took more than " + MAX_STEPS + " steps. Either a retry loop never ends (one that never "
                    + "reads the balance again keeps comparing with a stale value: read inside the loop), or each "
                    + "withdrawal takes far more steps than it needs: every step is a round trip to the database.";
        }
        return "Read the steps above from the top: each line is one call on a shared object, in the order the explorer "
                + "ran them.";
    }

    /** Each account's balance after each step of {@code run}. */
    LineChart balanceChart(String title, Interleaving run) {
        Map<String, List<Double>> ys = new LinkedHashMap<>();
        Map<String, Double> now = new LinkedHashMap<>();
        for (int i = 0; i < opening.size(); i++) {
            String name = "balance " + (char) ('A' + i);
            now.put(name, (double) opening.get(i));
            ys.put(name, new ArrayList<>(List.of((double) opening.get(i))));
        }
        List<Double> xs = new ArrayList<>(List.of(0.0));
        List<Step> steps = run.steps();
        int stride = Math.max(1, steps.size() / 900);
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            if (now.containsKey(step.target()) && step.changes()
                    && (step.kind() == Step.Kind.WRITE || step.kind() == Step.Kind.COMPARE_AND_SET)) {
                now.put(step.target(), ((Number) step.value()).doubleValue());
            }
            if ((s + 1) % stride == 0 || s == steps.size() - 1) {
                xs.add((double) (s + 1));
                for (Map.Entry<String, List<Double>> e : ys.entrySet()) {
                    e.getValue().add(now.get(e.getKey()));
                }
            }
        }
        List<LineChart.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : ys.entrySet()) {
            if (series.size() < 4) {
                series.add(new LineChart.Series(e.getKey(), xs, e.getValue()));
            }
        }
        return new LineChart(title, "step", "euros", series);
    }

    // ---- throughput ------------------------------------------------------------------------

    /** The tests' unsynchronised withdraw: the baseline (it is wrong when ATMs share an account). */
    static boolean unsynchronised(Bank bank, String accountId, int amount) {
        SharedValue<Integer> balance = bank.account(accountId).balance();
        int seen = balance.read();
        if (seen < amount) {
            return false;
        }
        balance.write(seen - amount);
        return true;
    }

    /** The tests' one-lock-for-the-whole-bank withdraw (account A's lock guards every account): correct, slow. */
    static boolean globalLock(Bank bank, String accountId, int amount) {
        bank.accounts().get(0).lock().lock();
        try {
            return unsynchronised(bank, accountId, amount);
        } finally {
            bank.accounts().get(0).lock().unlock();
        }
    }

    /** Mean steps ÷ span over {@code runs} seeded interleavings. */
    double parallelism(Withdraw withdraw, long first, int runs) {
        Race<World> race = race(withdraw);
        double sum = 0;
        for (int i = 0; i < runs; i++) {
            Interleaving run = race.run(first + i);
            if (!run.passed()) {
                fail(run, "The interleaving of seed " + run.seed());
            }
            sum += (double) run.steps().size() / run.span();
        }
        return sum / runs;
    }

    /** On disjoint accounts, the learner's parallelism is at least {@code share} of the unsynchronised one. */
    void assertParallel(Withdraw withdraw, long first, int runs, double share) {
        double baseline = parallelism(Withdrawals::unsynchronised, first, runs);
        double oneLock = parallelism(Withdrawals::globalLock, first, runs);
        double yours = parallelism(withdraw, first, runs);
        Figures.attach(new BarChart(String.format(Locale.ROOT, "%d ATMs on %d separate accounts (%s): steps that can run side by side",
                        atms.size(), opening.size(), label), "withdraw", "parallelism (steps ÷ span)",
                List.of("no synchronisation (unsafe)", "one lock for the whole bank", "yours"), List.of(baseline, oneLock, yours)));
        if (yours < share * baseline) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d ATMs, each on its own account, ran with a parallelism of %.2f (steps ÷ the longest chain of "
                            + "steps that had to wait for one another), %.0f%% of the %.2f they reach without any "
                            + "synchronisation; at least %.0f%% is needed. One lock for the whole bank gives %.2f. ATMs "
                            + "on different accounts never conflict, so nothing should make them wait for each other: "
                            + "synchronise on the account you withdraw from (its balance's compareAndSet, or its own "
                            + "lock), never on something every ATM shares.",
                    label, atms.size(), yours, 100 * yours / baseline, baseline, 100 * share, oneLock));
        }
    }

    /** One ATM alone: at most {@code limit} steps per withdrawal. */
    void assertStepsAlone(Withdraw withdraw, int limit) {
        Interleaving run = race(withdraw).run(0);
        if (!run.passed()) {
            fail(run, "With one ATM alone, the run");
        }
        double perWithdrawal = (double) run.steps().size() / requests();
        if (perWithdrawal > limit) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: one ATM alone took %d steps for %d withdrawals, %.1f each (at most %d allowed): every step is a "
                            + "round trip to the database, so that is the latency a customer waits even when nobody "
                            + "else is at an ATM. A compare-and-set withdrawal takes 2 (read, compare-and-set), a locked "
                            + "one 4 (lock, read, write, unlock).%n%s", label, run.steps().size(), requests(),
                    perWithdrawal, limit, run));
        }
    }
}
