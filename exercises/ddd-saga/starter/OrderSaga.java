import dev.loadbearing.sim.broker.Topic;

/**
 * The order saga, run by the sales context: for each placed order, ask payments to charge it,
 * then confirm the order when the payment is captured, or cancel it when the payment is declined
 * or no answer comes in time.
 *
 * <p>The broker may crash. While it is down, {@code payments.publish(key, command)} writes nothing
 * and returns -1, and nobody hears of it. {@code payments.publish(key, command, ack -> ...)} answers
 * in a few milliseconds: {@code ack.isOk()} when the command was written, {@code DOWN} when the
 * broker refused it, {@code UNKNOWN} when it crashed before answering (maybe written, maybe not).
 */
public final class OrderSaga {
    private final Topic<PaymentCommand> payments;
    private final Orders orders;
    private final Timers timers;
    private final long timeout;

    /**
     * @param payments the payments context's command topic
     * @param orders the orders to confirm or cancel
     * @param timers timers in virtual time
     * @param timeout how long to wait for payments' answer before cancelling
     */
    public OrderSaga(Topic<PaymentCommand> payments, Orders orders, Timers timers, long timeout) {
        this.payments = payments;
        this.orders = orders;
        this.timers = timers;
        this.timeout = timeout;
    }

    public void on(Event event) {
        // TODO: the happy path only: no memory of what happened, no timeout, no compensation.
        if (event instanceof Event.OrderPlaced placed) {
            payments.publish(placed.orderId(), new PaymentCommand.RequestPayment(placed.orderId(), placed.amount()));
        } else if (event instanceof Event.PaymentCaptured captured) {
            orders.confirm(captured.orderId());
        } else if (event instanceof Event.PaymentDeclined declined) {
            orders.cancel(declined.orderId(), declined.reason());
        }
    }
}
