/**
 * What the saga asks the payments context to do, published on its command topic. Payments
 * handles both idempotently per order: a second request for the same order charges nothing more,
 * and a refund of an order it never charged does nothing.
 */
public sealed interface PaymentCommand permits PaymentCommand.RequestPayment, PaymentCommand.RefundPayment {

    /** @return the order the command is about */
    String orderId();

    /** Charge the order's amount; payments answers PaymentCaptured or PaymentDeclined, if it answers at all. */
    record RequestPayment(String orderId, long amount) implements PaymentCommand {
    }

    /** Give back whatever was captured for the order (the compensation of a payment). */
    record RefundPayment(String orderId) implements PaymentCommand {
    }
}
