/**
 * What a caller asks the orders service to do. Every command names exactly one order: one
 * aggregate, so one transaction.
 */
public sealed interface Command permits Command.AddLine, Command.RemoveLine, Command.Submit {

    /** @return the id of the order (the aggregate) the command is for */
    String orderId();

    /** Add a line for a product the order does not have yet. */
    record AddLine(String orderId, String sku, int quantity, long unitPrice) implements Command {
    }

    /** Remove the order's line for this product. */
    record RemoveLine(String orderId, String sku) implements Command {
    }

    /** Submit the order: from now on it takes no changes. */
    record Submit(String orderId) implements Command {
    }
}
