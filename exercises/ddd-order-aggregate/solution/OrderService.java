import dev.loadbearing.sim.store.Datastore;
import dev.loadbearing.sim.store.Reply;
import dev.loadbearing.sim.store.Row;
import java.util.function.Consumer;

/**
 * The orders service's command handler. Several instances of it run at once, sharing nothing but
 * the database, and each command changes one order: read the aggregate, let it decide, store it
 * only if nobody changed it in between, and on a conflict decide again on what is there now.
 */
public final class OrderService {
    private final Datastore<Order> orders;
    private final int attempts;

    /**
     * @param orders the orders, one row per order id
     * @param attempts how many times to try one command before answering {@link Outcome#conflict()}
     */
    public OrderService(Datastore<Order> orders, int attempts) {
        this.orders = orders;
        this.attempts = attempts;
    }

    public void handle(Command command, Consumer<Outcome> done) {
        orders.read(command.orderId(), reply -> attempt(command, reply.value(), 1, done));
    }

    private void attempt(Command command, Row<Order> row, int attempt, Consumer<Outcome> done) {
        Order changed;
        try {
            changed = decide(row.value(), command);
        } catch (OrderRejected rejected) {
            done.accept(Outcome.rejected(rejected.getMessage()));
            return;
        }
        orders.compareAndSet(command.orderId(), row.version(), changed, (Reply<Row<Order>> written) -> {
            if (written.isOk()) {
                done.accept(Outcome.accepted());
            } else if (written.status() == Reply.Status.CONFLICT && attempt < attempts) {
                attempt(command, written.value(), attempt + 1, done);   // the reply carries the order as it is now
            } else {
                done.accept(Outcome.conflict());
            }
        });
    }

    private static Order decide(Order order, Command command) {
        if (command instanceof Command.AddLine add) {
            return order.addLine(add.sku(), add.quantity(), add.unitPrice());
        }
        if (command instanceof Command.RemoveLine remove) {
            return order.removeLine(remove.sku());
        }
        return order.submit();
    }
}
