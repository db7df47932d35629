/**
 * One row of the read model: what the "my account" page shows a customer, kept by the projector
 * under the customer's id ({@code "customer-4"}).
 *
 * @param orders orders placed
 * @param open orders placed and neither shipped nor cancelled
 * @param spentCents paid minus refunded
 * @param lastActivity the latest event, as {@code "order-17 shipped"}
 */
public record CustomerSummary(long orders, long open, long spentCents, String lastActivity) {
    /** A customer with no orders yet. */
    public static final CustomerSummary NONE = new CustomerSummary(0, 0, 0, "none");
}
