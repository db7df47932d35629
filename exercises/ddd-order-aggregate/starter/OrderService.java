import dev.loadbearing.sim.store.Datastore;
import java.util.function.Consumer;

/**
 * The orders service's command handler. Several instances of it run at once, sharing nothing but
 * the database, and each command changes one order.
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
        // TODO: this reads the order, changes it and writes it back without looking at the version.
        orders.read(command.orderId(), reply -> {
            Order order = reply.value().value();
            Order changed;
            try {
                changed = decide(order, command);
            } catch (OrderRejected rejected) {
                done.accept(Outcome.rejected(rejected.getMessage()));
                return;
            }
            orders.write(command.orderId(), changed, written -> done.accept(Outcome.accepted()));
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
