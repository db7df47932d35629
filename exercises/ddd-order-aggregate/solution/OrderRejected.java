/**
 * A command broke one of the order's rules. The message says which rule, in the words of the
 * business ("the total 1,150 would pass the credit limit 1,000"), because it goes back to the
 * caller as the reason. It carries no stack trace: a refusal is an answer, not a bug, and an
 * order under load refuses often.
 */
public final class OrderRejected extends RuntimeException {
    public OrderRejected(String reason) {
        super(reason, null, false, false);
    }
}
