import dev.loadbearing.sim.broker.Topic;
import dev.loadbearing.sim.store.Datastore;
import java.util.function.Consumer;

/**
 * The order service: it stores each order in its database (the row {@code "order:<id>"}) and
 * must get one {@code OrderPlaced} event per stored order onto the "orders" topic (key and value:
 * the order id). The service process can crash at any moment; a new instance of this class
 * then starts with nothing but the database.
 */
public final class OrderService {
    private final Datastore<String> db;
    private final Topic<String> events;

    public OrderService(Datastore<String> db, Topic<String> events) {
        this.db = db;
        this.events = events;
    }

    /** A customer places an order: answer done.accept(true) once it is stored for good, false if not. */
    public void placeOrder(String orderId, Consumer<Boolean> done) {
        // The dual write: store the order, then publish the event.
        db.write("order:" + orderId, "placed", stored -> {
            if (!stored.isOk()) {
                done.accept(false);
                return;
            }
            events.publish(orderId, orderId, ack -> { });
            done.accept(true);
        });
    }

    /** Called every 20 ms while this instance runs, for background work. */
    public void tick() {
    }
}
