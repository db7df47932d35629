/**
 * What happened to one order: the events of the write side's log. The log's entity is the order
 * ({@code "order-17"}); every event names the order's customer.
 *
 * @param type what happened
 * @param customer the order's customer, such as {@code "customer-4"}
 * @param amountCents placed: the order's total; paid: the amount paid; cancelled: the amount
 *                    refunded (0 if it was not paid yet); shipped: 0
 */
public record OrderEvent(Type type, String customer, long amountCents) {
    /** The four things that happen to an order, always in this order: placed, paid, then shipped or cancelled. */
    public enum Type { PLACED, PAID, SHIPPED, CANCELLED }
}
