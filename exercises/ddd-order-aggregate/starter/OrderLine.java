/**
 * One line of an order: a value object. It has no identity of its own (two lines with the same
 * sku, quantity and price are the same line), it never changes, and it cannot be invalid: the
 * constructor refuses a quantity below 1 or a negative price.
 *
 * @param sku the product (stock-keeping unit)
 * @param quantity how many, at least 1
 * @param unitPrice the price of one, in euros, at least 0
 */
public record OrderLine(String sku, int quantity, long unitPrice) {
    public OrderLine {
        if (sku == null || sku.isBlank()) {
            throw new OrderRejected("a line needs a sku");
        }
        if (quantity < 1) {
            throw new OrderRejected("quantity " + quantity + " of " + sku + ": a quantity is at least 1");
        }
        if (unitPrice < 0) {
            throw new OrderRejected("price " + unitPrice + " of " + sku + ": a price is never negative");
        }
    }

    /** @return quantity times unit price */
    public long total() {
        return Math.multiplyExact(quantity, unitPrice);
    }
}
