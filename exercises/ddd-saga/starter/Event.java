/**
 * Domain events the order saga hears, delivered at least once: the same event may arrive twice,
 * and late.
 */
public sealed interface Event permits Event.OrderPlaced, Event.PaymentCaptured, Event.PaymentDeclined {

    /** @return the order the event is about */
    String orderId();

    /** Sales: a customer placed an order for this amount; the saga starts. */
    record OrderPlaced(String orderId, long amount) implements Event {
    }

    /** Payments: the money for the order was taken from the card. */
    record PaymentCaptured(String orderId) implements Event {
    }

    /** Payments: the card refused; no money was taken. */
    record PaymentDeclined(String orderId, String reason) implements Event {
    }
}
