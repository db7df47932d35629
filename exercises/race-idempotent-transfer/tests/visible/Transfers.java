import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.race.Budget;
import dev.loadbearing.sim.race.Exploration;
import dev.loadbearing.sim.race.Interleaving;
import dev.loadbearing.sim.race.Race;
import dev.loadbearing.sim.race.Shared;
import dev.loadbearing.sim.race.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Transfer requests delivered to the payment service, some of them more than once (a client that
 * timed out and retried with the same id), run by the race explorer. Every delivery is a process:
 * the explorer tries the retry arriving after the original finished (the answer was lost), while
 * it runs, and before it (the original was delayed on the way). The rules: no balance below zero;
 * the money is conserved; all deliveries of one request get the same answer; the balances are
 * what the requests answered DONE moved, each once; and every request gets the answer it must
 * (the scenarios make each transfer either affordable in every order or impossible in any).
 */
final class Transfers {

    /** How often one request is delivered (1 = no retry). */
    record Delivery(TransferRequest request, int copies) {
    }

    /** One run's world: the learner's ledger plus the answer each delivery got (the tests' side). */
    static final class World {
        final Ledger ledger;
        final TransferResult[] answers;

        World(Shared shared, List<Integer> opening, List<String> ids, int deliveries) {
            ledger = new Ledger(shared, opening, ids);
            answers = new TransferResult[deliveries];
        }
    }

    static final String NEGATIVE = "no balance below zero";
    static final String CONSERVED = "money is conserved";
    static final String SAME_ANSWER = "every delivery of a request gets the same answer";
    static final String ONCE = "each request answered DONE moved its money exactly once";
    static final String EXPECTED = "every request gets the answer it must";
    static final int MAX_STEPS = 2_000;

    final String label;
    final List<Integer> opening;
    final List<Delivery> requests;
    final int openingTotal;

    Transfers(String label, List<Integer> opening, List<Delivery> requests) {
        this.label = label;
        this.opening = List.copyOf(opening);
        this.requests = List.copyOf(requests);
        this.openingTotal = opening.stream().mapToInt(Integer::intValue).sum();
    }

    static TransferRequest request(String id, String from, String to, int amount) {
        return new TransferRequest(id, from, to, amount);
    }

    /**
     * {@code count} requests over {@code accounts} accounts, each delivered 1 to 3 times. Opening
     * balances cover every account's outgoing transfers, so each is DONE in any order, except
     * one request (if {@code withImpossible}) asking for more than the whole bank holds.
     */
    static Transfers random(long seed, int accounts, int count, boolean withImpossible) {
        Random random = new Random(seed);
        List<TransferRequest> list = new ArrayList<>();
        int[] outgoing = new int[accounts];
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(accounts);
            int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
            int amount = 10 * (1 + random.nextInt(9));
            outgoing[from] += amount;
            list.add(request("t" + (100 + random.nextInt(900)) + "-" + i, id(from), id(to), amount));
        }
        List<Integer> opening = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            opening.add(outgoing[a] + 10 * random.nextInt(5));
        }
        int total = opening.stream().mapToInt(Integer::intValue).sum();
        if (withImpossible) {
            int i = random.nextInt(count);
            TransferRequest r = list.get(i);
            list.set(i, request(r.id(), r.from(), r.to(), total + 10 * (1 + random.nextInt(5))));
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (TransferRequest r : list) {
            deliveries.add(new Delivery(r, 1 + random.nextInt(3)));
        }
        return new Transfers("seed " + seed, opening, deliveries);
    }

    static String id(int account) {
        return String.valueOf((char) ('A' + account));
    }

    int deliveries() {
        return requests.stream().mapToInt(Delivery::copies).sum();
    }

    /** DONE if the source's opening balance covers all its outgoing transfers, INSUFFICIENT_FUNDS if it exceeds the bank. */
    TransferResult expected(TransferRequest r) {
        return r.amount() > openingTotal ? TransferResult.INSUFFICIENT_FUNDS : TransferResult.DONE;
    }

    Race<World> race() {
        List<String> ids = requests.stream().map(d -> d.request().id()).toList();
        int total = deliveries();
        Race<World> race = Race.<World>of(shared -> new World(shared, opening, ids, total)).maxSteps(MAX_STEPS);
        List<TransferRequest> byDelivery = new ArrayList<>();
        for (Delivery d : requests) {
            for (int c = 0; c < d.copies(); c++) {
                int slot = byDelivery.size();
                TransferRequest r = d.request();
                byDelivery.add(r);
                String name = r.id() + (c == 0 ? "" : " retry " + c) + " (" + r.from() + " to " + r.to() + " " + r.amount() + ")";
                race.process(name, w -> w.answers[slot] = Payments.transfer(w.ledger, r));
            }
        }
        return race
                .invariant(NEGATIVE, w -> w.ledger.accounts().stream().allMatch(a -> a.balance().peek() >= 0))
                .atEnd(CONSERVED, w -> w.ledger.accounts().stream().mapToInt(a -> a.balance().peek()).sum() == openingTotal)
                .atEnd(SAME_ANSWER, w -> {
                    Map<String, TransferResult> first = new LinkedHashMap<>();
                    for (int i = 0; i < byDelivery.size(); i++) {
                        TransferResult seen = first.putIfAbsent(byDelivery.get(i).id(), w.answers[i]);
                        if (seen != null && seen != w.answers[i]) {
                            return false;
                        }
                    }
                    return true;
                })
                .atEnd(ONCE, w -> {
                    int[] expected = opening.stream().mapToInt(Integer::intValue).toArray();
                    Map<String, Boolean> counted = new LinkedHashMap<>();
                    for (int i = 0; i < byDelivery.size(); i++) {
                        TransferRequest r = byDelivery.get(i);
                        if (w.answers[i] == TransferResult.DONE && counted.putIfAbsent(r.id(), true) == null) {
                            expected[r.from().charAt(0) - 'A'] -= r.amount();
                            expected[r.to().charAt(0) - 'A'] += r.amount();
                        }
                    }
                    for (int a = 0; a < expected.length; a++) {
                        if (w.ledger.accounts().get(a).balance().peek() != expected[a]) {
                            return false;
                        }
                    }
                    return true;
                })
                .atEnd(EXPECTED, w -> {
                    for (int i = 0; i < byDelivery.size(); i++) {
                        if (w.answers[i] != expected(byDelivery.get(i))) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < opening.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(id(i)).append(" opens with ").append(opening.get(i));
        }
        sb.append("; requests: ");
        sb.append(requests.stream().map(d -> d.request().id() + " moves " + d.request().amount() + " from "
                + d.request().from() + " to " + d.request().to()
                + (d.copies() == 1 ? "" : " (delivered " + d.copies() + " times)")).collect(Collectors.joining(", ")));
        return sb.toString();
    }

    // ---- checks ----------------------------------------------------------------------------

    Exploration assertEveryInterleaving() {
        Exploration result = race().exploreAll(new Budget(200_000, Duration.ofSeconds(1)));
        if (result.outOfBudget()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: the explorer could not try every interleaving in time (%,d tried, none failed). %s. Each "
                            + "transfer takes too many steps, or its steps interleave far more than they need to: "
                            + "holding both accounts' locks from the first read to the last write leaves only the "
                            + "order of the transfers to choose", label, result.runs(), describe()));
        }
        result.failure().ifPresent(bad -> fail(bad, "Interleaving " + result.runs() + " of every possible one"));
        return result;
    }

    Exploration assertSeeds(long first, int count) {
        Exploration result = race().exploreSeeds(first, count, new Budget(count, Duration.ofSeconds(3)));
        if (result.outOfBudget()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: only %,d of %,d seeded interleavings ran in time (none failed): each transfer takes too many steps",
                    label, result.runs(), count));
        }
        result.failure().ifPresent(bad -> fail(bad, "The interleaving of seed " + bad.seed()));
        Figures.attach(movesChart("Times each request's money moved, interleaving of seed " + first + " (" + label
                + "; 1 for DONE, 0 for refused)", race().run(first)));
        return result;
    }

    /** How often each request's money left its source account in {@code run} (a write or a successful compare-and-set by one of its deliveries). */
    BarChart movesChart(String title, Interleaving run) {
        List<String> labels = new ArrayList<>();
        List<Double> moves = new ArrayList<>();
        for (Delivery d : requests) {
            TransferRequest r = d.request();
            long count = run.steps().stream()
                    .filter(step -> step.process().startsWith(r.id() + " ") && step.target().equals("balance " + r.from())
                            && step.changes() && step.kind() != Step.Kind.READ)
                    .count();
            labels.add(r.id() + (d.copies() == 1 ? "" : " ×" + d.copies()));
            moves.add((double) count);
        }
        return new BarChart(title, "request (×: deliveries)", "times its money moved", labels, moves);
    }

    private void fail(Interleaving bad, String which) {
        Figures.attach(movesChart("The failing interleaving: times each request's money moved (" + label
                + "; 1 for DONE, 0 for refused)", bad));
        String steps = bad.toString();
        throw new AssertionError(String.format(Locale.ROOT, "%s: %s. %s broke a rule:%n%s%n%s", label, describe(), which,
                steps.startsWith("Seed ") ? steps.substring(steps.indexOf('\n') + 1) : steps, lesson(bad.problem())));
    }

    static String lesson(String problem) {
        if (problem.startsWith("deadlock")) {
            return "A deadlock: each transfer holds one account's lock and waits for the other's. Take the two locks in "
                    + "one global order whatever the direction of the transfer (the lower account id first), so two "
                    + "transfers between the same accounts always ask for the same lock first.";
        }
        if (problem.contains(ONCE)) {
            return "The balances are not what the requests answered DONE should have made them: a request moved its "
                    + "money twice, or answered DONE without moving it. A retry is the same request, not a new one: "
                    + "record the result under the request's id (ledger.requestLog(id)) together with the transfer, "
                    + "and answer a delivery whose id already has a result with that result, moving nothing. Check and "
                    + "record while holding the accounts' locks: checking first and recording later lets a retry that "
                    + "arrives during the original slip through.";
        }
        if (problem.contains(SAME_ANSWER)) {
            return "Two deliveries of one request got different answers, so the client cannot trust either. A repeat "
                    + "must answer with the result recorded for its id.";
        }
        if (problem.contains(EXPECTED)) {
            return "A request got the wrong answer: every transfer in this case is affordable in any order except one that "
                    + "asks for more than the bank holds. Refuse only when the source's balance, read under its lock, "
                    + "cannot cover the amount.";
        }
        if (problem.contains(CONSERVED) || problem.contains(NEGATIVE)) {
            return "A lost update or check-then-act race on a balance: read and write each balance while holding its "
                    + "account's lock, from the check to the last write.";
        }
        if (problem.startsWith("gave up")) {
            return "The run took more than " + MAX_STEPS + " steps: a retry or wait loop that never ends, or far more "
                    + "steps per transfer than it needs.";
        }
        return "Read the steps above from the top: each line is one call on a shared object, in the order the explorer "
                + "ran them.";
    }

    // ---- throughput ------------------------------------------------------------------------

    /** {@code pairs} transfers on disjoint pairs of accounts (A to B, C to D, ...), each delivered once. */
    static Transfers disjoint(long seed, int pairs) {
        Random random = new Random(seed);
        List<Integer> opening = new ArrayList<>();
        List<Delivery> requests = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            int amount = 10 * (1 + random.nextInt(9));
            opening.add(amount + 10 * random.nextInt(10));
            opening.add(10 * random.nextInt(10));
            requests.add(new Delivery(request("p" + p + "-" + random.nextInt(1000), id(2 * p), id(2 * p + 1), amount), 1));
        }
        return new Transfers("seed " + seed, opening, requests);
    }

    void assertStepsAlone(int limit) {
        Transfers alone = new Transfers(label, opening.subList(0, 2), List.of(requests.get(0)));
        Interleaving run = alone.race().run(0);
        if (!run.passed()) {
            fail(run, "A transfer alone");
        }
        if (run.steps().size() > limit) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: one transfer alone took %d steps (at most %d allowed): every step is a round trip to the "
                            + "database, so that is latency every customer pays. Two locks, one read of the request's "
                            + "log row, two reads and two writes of balances, one write of the log and two unlocks "
                            + "are 10.%n%s", label, run.steps().size(), limit, run));
        }
    }

    /** Parallelism of transfers on disjoint accounts is at least {@code share} of that of one lock per account pair taken freely. */
    void assertParallel(long first, int runs, double share) {
        double yours = 0;
        Race<World> race = race();
        for (int i = 0; i < runs; i++) {
            Interleaving run = race.run(first + i);
            if (!run.passed()) {
                fail(run, "The interleaving of seed " + run.seed());
            }
            yours += (double) run.steps().size() / run.span();
        }
        yours /= runs;
        double ideal = requests.size();    // disjoint transfers share nothing: each chain is one transfer
        Figures.attach(new BarChart(String.format(Locale.ROOT, "%d transfers on separate pairs of accounts (%s): steps that can run side by side",
                        requests.size(), label), "transfers", "parallelism (steps ÷ span)",
                List.of("nothing shared (ideal)", "one lock for the whole bank", "yours"), List.of(ideal, 1.0, yours)));
        if (yours < share * ideal) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d transfers, each between two accounts no other transfer touches, ran with a parallelism of "
                            + "%.2f (steps ÷ the longest chain of steps that had to wait for one another); they share "
                            + "nothing, so %.0f could run side by side, and at least %.0f%% of that is needed. Lock only "
                            + "the two accounts of the transfer, never one lock every transfer takes.",
                    label, requests.size(), yours, ideal, 100 * share));
        }
    }
}
