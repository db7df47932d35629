package dev.loadbearing.sim.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks whether a {@link OperationHistory} is linearizable with respect to a {@link Model}: whether every
 * operation can be given one instant between its invocation and its completion such that the
 * model, applying the operations in that order, produces every observed result.
 *
 * <p>The search is Wing &amp; Gong's, with Lowe's memoisation and the refinements of the Porcupine
 * checker: operations are kept in a linked list of call and return entries; the search
 * linearizes a pending call whenever the model accepts it, backtracks when it reaches a return
 * whose call has not been placed, and skips any (set of linearized operations, model state) it has
 * already explored. The model's {@link Model#partition partition} splits the history into
 * independent parts (P-compositionality), each searched on its own.
 *
 * <p>Operations that {@code fail} are ignored; operations with unknown outcome ({@code info}, or
 * never completed) may take effect at any time after their invocation, or not at all.
 *
 * <pre>{@code
 * CheckResult r = Linearizability.check(history, Models.casRegister());
 * if (!r.isLinearizable()) System.out.println(r.explanation());
 * }</pre>
 *
 * The search is exponential in the worst case, so it stops at a step budget or a wall-clock
 * timeout, whichever comes first, and answers {@link CheckResult.Verdict#UNKNOWN}.
 */
public final class Linearizability {

    /**
     * Bounds on one check.
     *
     * @param maxSteps model steps before giving up (deterministic)
     * @param timeout  wall-clock time before giving up
     */
    public record Limits(long maxSteps, Duration timeout) {
        /** Ten million steps or ten seconds: ample for histories of thousands of operations. */
        public static final Limits DEFAULT = new Limits(10_000_000, Duration.ofSeconds(10));
    }

    private static final int PREFIX_LINES_SHOWN = 20;
    private static final long SLICE_STEPS = 20_000;

    private Linearizability() {
    }

    /** Checks {@code history} against {@code model} within {@link Limits#DEFAULT}. */
    public static CheckResult check(OperationHistory history, Model<?> model) {
        return check(history, model, Limits.DEFAULT);
    }

    /** Checks {@code history} against {@code model} within {@code limits}. */
    public static CheckResult check(OperationHistory history, Model<?> model, Limits limits) {
        return checkTyped(history, model, limits);
    }

    private static <S> CheckResult checkTyped(OperationHistory history, Model<S> model, Limits limits) {
        List<Operation> effective = new ArrayList<>();
        for (Operation op : history.operations()) {
            if (op.outcome() != OperationHistory.Type.FAIL) {
                effective.add(op);
            }
        }
        Map<String, List<Operation>> parts = model.partition(effective);
        Budget budget = new Budget(limits);
        List<Search<S>> undecided = new ArrayList<>();
        for (Map.Entry<String, List<Operation>> part : parts.entrySet()) {
            undecided.add(new Search<>(model, part.getValue(), parts.size() > 1 ? part.getKey() : null, budget));
        }
        // Parts take turns, a slice of steps each, so one hard part cannot hide a violation in another.
        CheckResult unknown = null;
        while (!undecided.isEmpty()) {
            for (Iterator<Search<S>> it = undecided.iterator(); it.hasNext(); ) {
                CheckResult r = it.next().advance(SLICE_STEPS);
                if (r == null) {
                    continue;
                }
                it.remove();
                if (r.verdict() == CheckResult.Verdict.NOT_LINEARIZABLE) {
                    return r;
                }
                if (r.verdict() == CheckResult.Verdict.UNKNOWN && unknown == null) {
                    unknown = r;
                }
            }
        }
        if (unknown != null) {
            return unknown;
        }
        return new CheckResult(CheckResult.Verdict.LINEARIZABLE,
                "Linearizable: all " + effective.size() + " operations fit one order"
                        + (parts.size() > 1 ? " (" + parts.size() + " independent parts)" : "") + ".",
                null, List.of(), List.of(), budget.steps);
    }

    /** Shared step and time allowance across the parts of one check. */
    private static final class Budget {
        private final long maxSteps;
        private final long deadline;
        private long steps;

        Budget(Limits limits) {
            this.maxSteps = limits.maxSteps();
            this.deadline = System.nanoTime() + limits.timeout().toNanos();
        }

        /** Counts one step; false once the budget is spent. */
        boolean spend() {
            steps++;
            return steps <= maxSteps && ((steps & 0xFFF) != 0 || System.nanoTime() < deadline);
        }
    }

    /** (linearized set, state) pairs already explored. */
    private record Explored(long[] linearized, int hash, Object state) {
        static Explored of(long[] linearized, Object state) {
            long[] copy = linearized.clone();
            return new Explored(copy, Arrays.hashCode(copy) * 31 + state.hashCode(), state);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Explored e && hash == e.hash && Arrays.equals(linearized, e.linearized)
                    && state.equals(e.state);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The search over one part: a doubly linked list of call and return entries (node 0 is the head). */
    private static final class Search<S> {
        private final Model<S> model;
        private final List<Operation> ops;
        private final String partName;
        private final Budget budget;
        private final int[] next;
        private final int[] prev;
        private final int[] opOf;
        private final int[] match;
        private final long[] linearized;

        private int bestDepth = -1;
        private List<Operation> bestPrefix = List.of();
        private S bestState;
        private List<Operation> bestUnplaced = List.of();

        Search(Model<S> model, List<Operation> ops, String partName, Budget budget) {
            this.model = model;
            this.ops = ops;
            this.partName = partName;
            this.budget = budget;
            int n = ops.size();
            int nodes = 2 * n + 1;
            next = new int[nodes];
            prev = new int[nodes];
            opOf = new int[nodes];
            match = new int[nodes];
            linearized = new long[(n + 63) / 64];
            long[][] entries = new long[2 * n][];
            for (int i = 0; i < n; i++) {
                Operation op = ops.get(i);
                long returnsAt = op.completed() ? op.completedAt() : Long.MAX_VALUE;
                entries[2 * i] = new long[] {op.invokedAt(), i, 1};
                entries[2 * i + 1] = new long[] {returnsAt, i, 0};
            }
            Arrays.sort(entries, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            int[] callNode = new int[n];
            Arrays.fill(match, -1);
            for (int k = 0; k < entries.length; k++) {
                int node = k + 1;
                int op = (int) entries[k][1];
                opOf[node] = op;
                if (entries[k][2] == 1) {
                    callNode[op] = node;
                } else {
                    match[callNode[op]] = node;
                }
                prev[node] = node - 1;
                next[node - 1] = node;
            }
            next[nodes - 1] = -1;
            opOf[0] = -1;
            stackNodes = new int[n];
            @SuppressWarnings("unchecked")
            S[] states = (S[]) new Object[n];
            stackStates = states;
            state = model.init();
            entry = next[0];
        }

        private final Set<Explored> explored = new HashSet<>();
        private final int[] stackNodes;
        private final S[] stackStates;
        private int depth;
        private S state;
        private int entry;

        /** Searches for at most {@code slice} steps; returns the verdict, or null if still undecided. */
        CheckResult advance(long slice) {
            for (long taken = 0; next[0] != -1; ) {
                if (match[entry] != -1) {
                    if (!budget.spend()) {
                        return unknown();
                    }
                    int op = opOf[entry];
                    Optional<S> after = model.step(state, ops.get(op));
                    if (after.isPresent()) {
                        set(op);
                        if (explored.add(Explored.of(linearized, after.get()))) {
                            stackNodes[depth] = entry;
                            stackStates[depth] = state;
                            depth++;
                            state = after.get();
                            lift(entry);
                            entry = next[0];
                            if (++taken >= slice) {
                                return null;
                            }
                            continue;
                        }
                        clear(op);
                    }
                    entry = next[entry];
                    if (++taken >= slice) {
                        return null;
                    }
                } else {
                    if (depth > bestDepth) {
                        remember(entry);
                    }
                    if (depth == 0) {
                        return violation();
                    }
                    depth--;
                    entry = stackNodes[depth];
                    state = stackStates[depth];
                    clear(opOf[entry]);
                    unlift(entry);
                    entry = next[entry];
                }
            }
            return new CheckResult(CheckResult.Verdict.LINEARIZABLE, "linearizable", null, List.of(), List.of(),
                    budget.steps);
        }

        private void remember(int stuckReturn) {
            bestDepth = depth;
            List<Operation> prefix = new ArrayList<>(depth);
            for (int i = 0; i < depth; i++) {
                prefix.add(ops.get(opOf[stackNodes[i]]));
            }
            bestPrefix = List.copyOf(prefix);
            bestState = state;
            List<Operation> unplaced = new ArrayList<>();
            unplaced.add(ops.get(opOf[stuckReturn]));
            for (int node = next[0]; node != stuckReturn; node = next[node]) {
                if (match[node] != -1 && opOf[node] != opOf[stuckReturn]) {
                    unplaced.add(ops.get(opOf[node]));
                }
            }
            bestUnplaced = List.copyOf(unplaced);
        }

        private CheckResult violation() {
            StringBuilder sb = new StringBuilder("Not linearizable");
            if (partName != null) {
                sb.append(" (").append(partName).append(')');
            }
            sb.append(": no order of the ").append(ops.size())
                    .append(" operations respects both real time and the model.\n");
            sb.append("The longest linearizable prefix found places ").append(bestPrefix.size())
                    .append(bestPrefix.size() == 1 ? " operation" : " operations").append(bestPrefix.isEmpty() ? ".\n" : ":\n");
            int from = Math.max(0, bestPrefix.size() - PREFIX_LINES_SHOWN);
            if (from > 0) {
                sb.append("  … ").append(from).append(" earlier operations\n");
            }
            for (int i = from; i < bestPrefix.size(); i++) {
                sb.append(String.format("  %d. %s%n", i + 1, bestPrefix.get(i)));
            }
            sb.append("After ").append(bestPrefix.isEmpty() ? "none of them, " : "them, ")
                    .append(model.describe(bestState)).append(".\n");
            Operation stuck = bestUnplaced.get(0);
            sb.append("Then ").append(stuck).append(" must take effect before it returns (event ")
                    .append(stuck.completedAt()).append("), but no pending operation can be placed next:\n");
            for (Operation op : bestUnplaced) {
                sb.append("  - ").append(op).append(": ").append(model.step(bestState, op).isPresent()
                        ? "possible, but every order continuing with it fails later"
                        : "impossible here").append('\n');
            }
            return new CheckResult(CheckResult.Verdict.NOT_LINEARIZABLE, sb.toString(), partName == null ? "history" : partName,
                    bestPrefix, bestUnplaced, budget.steps);
        }

        private CheckResult unknown() {
            String where = partName == null ? "" : " in " + partName;
            String text = "Unknown: the search stopped after " + budget.steps + " steps (limits: "
                    + budget.maxSteps + " steps or the timeout)" + where + ", having placed at most "
                    + Math.max(bestDepth, 0) + " of " + ops.size() + " operations.";
            return new CheckResult(CheckResult.Verdict.UNKNOWN, text, partName == null ? "history" : partName,
                    bestPrefix, bestUnplaced, budget.steps);
        }

        private void lift(int call) {
            next[prev[call]] = next[call];
            prev[next[call]] = prev[call];
            int ret = match[call];
            next[prev[ret]] = next[ret];
            if (next[ret] != -1) {
                prev[next[ret]] = prev[ret];
            }
        }

        private void unlift(int call) {
            int ret = match[call];
            next[prev[ret]] = ret;
            if (next[ret] != -1) {
                prev[next[ret]] = ret;
            }
            next[prev[call]] = call;
            prev[next[call]] = call;
        }

        private void set(int op) {
            linearized[op >>> 6] |= 1L << op;
        }

        private void clear(int op) {
            linearized[op >>> 6] &= ~(1L << op);
        }
    }
}
