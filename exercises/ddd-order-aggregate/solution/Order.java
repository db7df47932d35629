import java.util.ArrayList;
import java.util.List;

/**
 * The order aggregate: the root of its lines, and the one place that knows and guards the
 * order's rules. It is immutable: every change returns a new order, so a value read from the
 * store can never be changed behind the store's back.
 *
 * Rules (invariants), which hold for every order that exists:
 * a draft takes changes, a submitted order takes none; the total never passes the credit limit;
 * at most maxLines lines; one line per sku; a submitted order has at least one line.
 */
public final class Order {
    private final String id;
    private final long creditLimit;
    private final int maxLines;
    private final List<OrderLine> lines;
    private final OrderStatus status;

    private Order(String id, long creditLimit, int maxLines, List<OrderLine> lines, OrderStatus status) {
        this.id = id;
        this.creditLimit = creditLimit;
        this.maxLines = maxLines;
        this.lines = List.copyOf(lines);
        this.status = status;
    }

    /** A new, empty draft order. */
    public static Order open(String id, long creditLimit, int maxLines) {
        return new Order(id, creditLimit, maxLines, List.of(), OrderStatus.DRAFT);
    }

    public Order addLine(String sku, int quantity, long unitPrice) {
        requireDraft("add " + sku);
        OrderLine line = new OrderLine(sku, quantity, unitPrice);
        for (OrderLine existing : lines) {
            if (existing.sku().equals(sku)) {
                throw new OrderRejected(id + " already has a line for " + sku);
            }
        }
        if (lines.size() >= maxLines) {
            throw new OrderRejected(id + " already has " + lines.size() + " lines, the most an order may have");
        }
        long newTotal = total() + line.total();
        if (newTotal > creditLimit) {
            throw new OrderRejected("the total " + newTotal + " would pass " + id + "'s credit limit " + creditLimit);
        }
        List<OrderLine> changed = new ArrayList<>(lines);
        changed.add(line);
        return new Order(id, creditLimit, maxLines, changed, status);
    }

    public Order removeLine(String sku) {
        requireDraft("remove " + sku);
        List<OrderLine> changed = new ArrayList<>(lines);
        if (!changed.removeIf(line -> line.sku().equals(sku))) {
            throw new OrderRejected(id + " has no line for " + sku);
        }
        return new Order(id, creditLimit, maxLines, changed, status);
    }

    public Order submit() {
        requireDraft("submit");
        if (lines.isEmpty()) {
            throw new OrderRejected(id + " has no lines to submit");
        }
        return new Order(id, creditLimit, maxLines, lines, OrderStatus.SUBMITTED);
    }

    private void requireDraft(String what) {
        if (status != OrderStatus.DRAFT) {
            throw new OrderRejected("cannot " + what + ": " + id + " is already submitted");
        }
    }

    public String id() {
        return id;
    }

    public long creditLimit() {
        return creditLimit;
    }

    public int maxLines() {
        return maxLines;
    }

    public List<OrderLine> lines() {
        return lines;
    }

    public OrderStatus status() {
        return status;
    }

    public long total() {
        long sum = 0;
        for (OrderLine line : lines) {
            sum += line.total();
        }
        return sum;
    }

    @Override
    public String toString() {
        return id + " " + status + " " + lines + " total " + total() + "/" + creditLimit;
    }
}
