import java.util.ArrayList;
import java.util.List;

/**
 * The order aggregate: the root of its lines, and the one place that should know and guard the
 * order's rules. It is immutable: every change returns a new order, so a value read from the
 * store can never be changed behind the store's back. Keep it that way.
 *
 * The rules (invariants) to guard, for every order that exists:
 * a draft takes changes, a submitted order takes none; the total never passes the credit limit;
 * at most maxLines lines; one line per sku; a submitted order has at least one line.
 * Refuse a command that would break one with {@code throw new OrderRejected("why")}.
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
        // TODO: no check of any rule yet.
        List<OrderLine> changed = new ArrayList<>(lines);
        changed.add(new OrderLine(sku, quantity, unitPrice));
        return new Order(id, creditLimit, maxLines, changed, status);
    }

    public Order removeLine(String sku) {
        // TODO: no check of any rule yet.
        List<OrderLine> changed = new ArrayList<>(lines);
        changed.removeIf(line -> line.sku().equals(sku));
        return new Order(id, creditLimit, maxLines, changed, status);
    }

    public Order submit() {
        // TODO: no check of any rule yet.
        return new Order(id, creditLimit, maxLines, lines, OrderStatus.SUBMITTED);
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
