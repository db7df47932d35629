import dev.loadbearing.sim.broker.PublishAck;
import dev.loadbearing.sim.broker.Topic;
import dev.loadbearing.sim.engine.Time;
import java.util.HashMap;
import java.util.Map;

/**
 * The order saga, run by the sales context: for each placed order, ask payments to charge it,
 * then confirm the order when the payment is captured, or cancel it when the payment is declined
 * or no answer comes in time. A capture that arrives after the order was cancelled is given back.
 * Every command is published with an acknowledgement and published again until the broker says
 * OK: a broker that is down writes nothing, and one that crashes before answering may or may not
 * have written it. A second copy is harmless, because payments handles both commands idempotently.
 */
public final class OrderSaga {
    private enum Step { AWAITING_PAYMENT, CONFIRMED, CANCELLED }

    private final Topic<PaymentCommand> payments;
    private final Orders orders;
    private final Timers timers;
    private final long timeout;
    private static final long RETRY = Time.ms(20);

    private final Map<String, Step> steps = new HashMap<>();

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
        String id = event.orderId();
        Step step = steps.get(id);
        if (event instanceof Event.OrderPlaced placed) {
            if (step != null) {
                return;                                   // a duplicate: the saga already runs
            }
            steps.put(id, Step.AWAITING_PAYMENT);
            send(new PaymentCommand.RequestPayment(id, placed.amount()));
            timers.after(timeout, () -> timedOut(id));
        } else if (event instanceof Event.PaymentCaptured) {
            if (step == Step.AWAITING_PAYMENT) {
                steps.put(id, Step.CONFIRMED);
                orders.confirm(id);
            } else if (step == Step.CANCELLED) {
                send(new PaymentCommand.RefundPayment(id));   // money for a cancelled order goes back
            }
        } else if (event instanceof Event.PaymentDeclined declined) {
            if (step == Step.AWAITING_PAYMENT) {
                steps.put(id, Step.CANCELLED);
                orders.cancel(id, "payment declined: " + declined.reason());
            }
        }
    }

    private void timedOut(String id) {
        if (steps.get(id) != Step.AWAITING_PAYMENT) {
            return;
        }
        steps.put(id, Step.CANCELLED);
        orders.cancel(id, "no answer from payments in time");
        send(new PaymentCommand.RefundPayment(id));   // in case the charge went through unseen
    }

    /**
     * Publishes a command until the broker acknowledges it. A request stops being sent once its
     * order is decided (the timeout's refund covers a charge it may still cause); a refund is sent
     * until it is written.
     */
    private void send(PaymentCommand command) {
        String id = command.orderId();
        if (command instanceof PaymentCommand.RequestPayment && steps.get(id) != Step.AWAITING_PAYMENT) {
            return;
        }
        payments.publish(id, command, (PublishAck ack) -> {
            if (!ack.isOk()) {
                timers.after(RETRY, () -> send(command));
            }
        });
    }
}
