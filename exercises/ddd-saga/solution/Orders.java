/**
 * The sales context's orders, as the saga changes them. Each call is a business action with an
 * effect outside: confirming ships the order, cancelling tells the customer. An order is decided
 * once: confirmed or cancelled, never both, never twice.
 */
public interface Orders {

    /** The order is paid: ship it. */
    void confirm(String orderId);

    /** The order will not happen: tell the customer why. */
    void cancel(String orderId, String reason);
}
