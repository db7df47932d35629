import dev.loadbearing.sim.rpc.RpcClient;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads an order page in two round trips and three calls: the order first (everything else
 * depends on it), then the user and all the items at once, the items in one batch call.
 */
public final class OrderPageLoader {
    static final long TIMEOUT = 5_000_000_000L;

    private final RpcClient client;

    public OrderPageLoader(RpcClient client) {
        this.client = client;
    }

    /** Loads one page and calls done exactly once with it. */
    public void load(String orderId, Consumer<Shop.OrderPage> done) {
        client.call("orders", "GetOrder", orderId, 60, TIMEOUT, orderCall -> {
            Shop.Order order = orderCall.value();
            Object[] parts = new Object[2];
            Runnable finish = () -> {
                if (parts[0] != null && parts[1] != null) {
                    List<Shop.Item> items = (List<Shop.Item>) parts[1];
                    done.accept(new Shop.OrderPage(order, (Shop.User) parts[0], items));
                }
            };
            client.call("users", "GetUser", order.userId(), 60, TIMEOUT, userCall -> {
                parts[0] = userCall.value();
                finish.run();
            });
            client.call("items", "BatchGetItems", order.itemIds(), 60 + 4 * order.itemIds().size(), TIMEOUT, itemsCall -> {
                parts[1] = itemsCall.value();
                finish.run();
            });
        });
    }
}
