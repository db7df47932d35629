import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The tests' own statement of the order's rules, and property checks that drive the learner's
 * {@link Order} directly (no store, no service) with random commands and compare every decision
 * with the rules.
 */
final class OrderRules {
    private OrderRules() {
    }

    /** What an order looks like from outside: lines by sku, and the status. */
    record State(Map<String, OrderLine> lines, OrderStatus status) {
        static State of(Order order) {
            Map<String, OrderLine> lines = new LinkedHashMap<>();
            List<OrderLine> seen = order.lines();
            if (seen != null) {
                for (OrderLine line : seen) {
                    lines.putIfAbsent(line.sku(), line);
                }
            }
            return new State(lines, order.status());
        }

        long total() {
            long sum = 0;
            for (OrderLine line : lines.values()) {
                sum += (long) line.quantity() * line.unitPrice();
            }
            return sum;
        }

        @Override
        public String toString() {
            List<String> shown = new ArrayList<>();
            for (OrderLine line : lines.values()) {
                if (shown.size() == 6) {
                    shown.add("...");
                    break;
                }
                shown.add(line.sku() + " " + line.quantity() + "×" + line.unitPrice());
            }
            return String.format(Locale.ROOT, "%s, %d line%s [%s], total %d", status, lines.size(), lines.size() == 1 ? "" : "s",
                    String.join(", ", shown), total());
        }
    }

    /**
     * The rule the command breaks on this state, or null if it is allowed.
     */
    static String broken(State state, long creditLimit, int maxLines, Command command) {
        if (state.status() == OrderStatus.SUBMITTED) {
            return "a submitted order takes no changes";
        }
        if (command instanceof Command.AddLine add) {
            if (add.quantity() < 1) {
                return "a quantity is at least 1";
            }
            if (state.lines().containsKey(add.sku())) {
                return "one line per sku (" + add.sku() + " is already on the order)";
            }
            if (state.lines().size() >= maxLines) {
                return "at most " + maxLines + " lines";
            }
            long total = state.total() + (long) add.quantity() * add.unitPrice();
            if (total > creditLimit) {
                return "the total (" + total + ") never passes the credit limit (" + creditLimit + ")";
            }
            return null;
        }
        if (command instanceof Command.RemoveLine remove) {
            return state.lines().containsKey(remove.sku()) ? null : "only a line the order has can be removed";
        }
        return state.lines().isEmpty() ? "a submitted order has at least one line" : null;
    }

    /** The state after an allowed command. */
    static State after(State state, Command command) {
        Map<String, OrderLine> lines = new LinkedHashMap<>(state.lines());
        if (command instanceof Command.AddLine add) {
            lines.put(add.sku(), new OrderLine(add.sku(), add.quantity(), add.unitPrice()));
            return new State(lines, state.status());
        }
        if (command instanceof Command.RemoveLine remove) {
            lines.remove(remove.sku());
            return new State(lines, state.status());
        }
        return new State(lines, OrderStatus.SUBMITTED);
    }

    /** What is wrong with a stored order on its own, or null. */
    static String invalid(Order order, String id, long creditLimit, int maxLines) {
        if (order == null) {
            return id + " is gone: its row holds null";
        }
        if (order.lines() == null || order.status() == null) {
            return id + " has no lines list or no status";
        }
        if (!id.equals(order.id()) || order.creditLimit() != creditLimit || order.maxLines() != maxLines) {
            return String.format(Locale.ROOT, "%s now says it is %s with credit limit %d and at most %d lines; it was opened as %s, %d, %d",
                    id, order.id(), order.creditLimit(), order.maxLines(), id, creditLimit, maxLines);
        }
        State state = State.of(order);
        if (state.lines().size() != order.lines().size()) {
            return id + " has two lines for one sku: " + order.lines();
        }
        if (state.lines().size() > maxLines) {
            return String.format(Locale.ROOT, "%s has %d lines; at most %d are allowed", id, state.lines().size(), maxLines);
        }
        if (state.total() > creditLimit) {
            return String.format(Locale.ROOT, "%s totals %d, over its credit limit %d", id, state.total(), creditLimit);
        }
        if (state.status() == OrderStatus.SUBMITTED && state.lines().isEmpty()) {
            return id + " was submitted with no lines";
        }
        return null;
    }

    static String describe(Command command) {
        if (command instanceof Command.AddLine add) {
            return String.format(Locale.ROOT, "AddLine(%s, %d × %d)", add.sku(), add.quantity(), add.unitPrice());
        }
        if (command instanceof Command.RemoveLine remove) {
            return "RemoveLine(" + remove.sku() + ")";
        }
        return "Submit";
    }

    /** Applies the command to the learner's order: the new order, or the rejection. */
    static Object apply(Order order, Command command) {
        try {
            if (command instanceof Command.AddLine add) {
                return order.addLine(add.sku(), add.quantity(), add.unitPrice());
            }
            if (command instanceof Command.RemoveLine remove) {
                return order.removeLine(remove.sku());
            }
            return order.submit();
        } catch (OrderRejected rejected) {
            return rejected;
        }
    }

    /**
     * Drives {@code sequences} random sequences of {@code length} commands through the learner's
     * order, each decision compared with the rules; throws an AssertionError naming the seed, the
     * sequence, the step and the rule.
     *
     * @return how many commands were accepted and rejected
     */
    static int[] checkSequences(long seed, int sequences, int length) {
        Random random = new Random(seed * 7_919 + 13);
        int accepted = 0;
        int rejected = 0;
        for (int s = 1; s <= sequences; s++) {
            long creditLimit = 200 + random.nextInt(2_800);
            int maxLines = 2 + random.nextInt(7);
            String id = "order-" + s;
            Order order = Order.open(id, creditLimit, maxLines);
            String where = String.format(Locale.ROOT, "seed %d, order %d (credit limit %d, at most %d lines)", seed, s, creditLimit, maxLines);
            if (order == null || order.status() != OrderStatus.DRAFT || order.lines() == null || !order.lines().isEmpty()) {
                throw new AssertionError(where + ": Order.open must give an empty DRAFT order, not " + order);
            }
            String problem = invalid(order, id, creditLimit, maxLines);
            if (problem != null) {
                throw new AssertionError(where + ": Order.open: " + problem);
            }
            State state = State.of(order);
            List<String> history = new ArrayList<>();
            for (int step = 1; step <= length; step++) {
                Command command = randomCommand(random, id, creditLimit, state);
                String rule = broken(state, creditLimit, maxLines, command);
                Object result = apply(order, command);
                State unchanged = State.of(order);
                if (!unchanged.equals(state)) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: %s changed the order it was called on (%s became %s). "
                            + "The aggregate is a value in the store: a change returns a new Order and leaves the old one as it was, "
                            + "or two commands working on the same row would change each other's copy without any write",
                            where, step, describe(command), state, unchanged));
                }
                if (rule != null && result instanceof Order) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: on %s (%s), the order accepted %s, "
                            + "which breaks the rule \"%s\". The aggregate itself must refuse it (throw OrderRejected): every change "
                            + "to an order goes through it, so a check kept anywhere else is a check the next caller skips",
                            where, step, steps(history), state, describe(command), rule));
                }
                if (rule == null && result instanceof OrderRejected refusal) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: on %s (%s), the order refused %s "
                            + "with \"%s\", but no rule forbids it", where, step, steps(history), state, describe(command), refusal.getMessage()));
                }
                if (result instanceof Order changed) {
                    State expected = after(state, command);
                    State actual = State.of(changed);
                    if (!expected.equals(actual)) {
                        throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: after %s the order should be %s, but it is %s",
                                where, step, describe(command), expected, actual));
                    }
                    problem = invalid(changed, id, creditLimit, maxLines);
                    if (problem != null) {
                        throw new AssertionError(where + ", step " + step + ": after " + describe(command) + ": " + problem);
                    }
                    if (changed.total() != expected.total()) {
                        throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: total() says %d; the lines add up to %d",
                                where, step, changed.total(), expected.total()));
                    }
                    order = changed;
                    state = expected;
                    accepted++;
                    history.add(describe(command));
                } else {
                    OrderRejected refusal = (OrderRejected) result;
                    if (refusal.getMessage() == null || refusal.getMessage().isBlank()) {
                        throw new AssertionError(where + ", step " + step + ": " + describe(command)
                                + " was refused without a reason; the reason goes back to the caller, so say which rule");
                    }
                    rejected++;
                }
            }
        }
        return new int[] {accepted, rejected};
    }

    /**
     * Runs one fixed script of commands through a new order, comparing every decision with the
     * rules; throws an AssertionError naming the script and the step.
     */
    static void checkScript(String name, long creditLimit, int maxLines, List<Command> script) {
        String id = script.get(0).orderId();
        Order order = Order.open(id, creditLimit, maxLines);
        String where = String.format(Locale.ROOT, "%s (credit limit %d, at most %d lines)", name, creditLimit, maxLines);
        if (order == null || order.status() != OrderStatus.DRAFT || order.lines() == null || !order.lines().isEmpty()) {
            throw new AssertionError(where + ": Order.open must give an empty DRAFT order, not " + order);
        }
        State state = State.of(order);
        List<String> history = new ArrayList<>();
        int step = 0;
        for (Command command : script) {
            step++;
            String rule = broken(state, creditLimit, maxLines, command);
            Object result = apply(order, command);
            if (!State.of(order).equals(state)) {
                throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: %s changed the order it was called on. A change "
                        + "returns a new Order and leaves the old one as it was", where, step, describe(command)));
            }
            if (rule != null && result instanceof Order) {
                throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: on %s, the order accepted %s, which breaks the rule "
                        + "\"%s\". The aggregate itself must refuse it with throw new OrderRejected(\"why\")", where, step, steps(history),
                        describe(command), rule));
            }
            if (rule == null && result instanceof OrderRejected refusal) {
                throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: on %s, the order refused %s with \"%s\", but no rule "
                        + "forbids it", where, step, steps(history), describe(command), refusal.getMessage()));
            }
            if (result instanceof Order changed) {
                State expected = after(state, command);
                if (!expected.equals(State.of(changed))) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s, step %d: after %s the order should be %s, but it is %s",
                            where, step, describe(command), expected, State.of(changed)));
                }
                order = changed;
                state = expected;
                history.add(describe(command));
            }
        }
    }

    private static String steps(List<String> history) {
        return history.isEmpty() ? "a new order" : "a new order after " + String.join(", ", history);
    }

    private static Command randomCommand(Random random, String id, long creditLimit, State state) {
        int roll = random.nextInt(100);
        if (roll < 8) {
            return new Command.Submit(id);
        }
        if (roll < 28) {
            List<String> skus = new ArrayList<>(state.lines().keySet());
            String sku = !skus.isEmpty() && random.nextInt(4) != 0 ? skus.get(random.nextInt(skus.size())) : "sku-" + random.nextInt(12);
            return new Command.RemoveLine(id, sku);
        }
        int quantity = random.nextInt(12) == 0 ? -random.nextInt(2) : 1 + random.nextInt(4);
        long price = random.nextInt((int) Math.max(2, creditLimit / 4));
        return new Command.AddLine(id, "sku-" + random.nextInt(12), quantity, price);
    }
}
