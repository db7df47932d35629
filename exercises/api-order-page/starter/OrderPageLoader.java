import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads an order page from three services, each 40 ms away (80 ms per round trip):
 * "orders" GetOrder(orderId) -> Shop.Order; "users" GetUser(userId) -> Shop.User;
 * "items" GetItem(itemId) -> Shop.Item, and BatchGetItems(List of ids) -> List of Shop.Item
 * (same order, up to 100 ids). Every call's request is about 60 bytes.
 */
public final class OrderPageLoader {
    static final long TIMEOUT = 5_000_000_000L;

    private final RpcClient client;

    public OrderPageLoader(RpcClient client) {
        this.client = client;
    }

    /** Loads one page and calls done exactly once with it. */
    public void load(String orderId, Consumer<Shop.OrderPage> done) {
        // One call after another: the order, the user, then each item (the N+1 pattern).
        client.call("orders", "GetOrder", orderId, 60, TIMEOUT, orderCall -> {
            Shop.Order order = orderCall.value();
            client.call("users", "GetUser", order.userId(), 60, TIMEOUT, userCall -> {
                Shop.User user = userCall.value();
                loadItems(order.itemIds(), 0, new ArrayList<>(), items -> done.accept(new Shop.OrderPage(order, user, items)));
            });
        });
    }

    private void loadItems(List<Integer> ids, int next, List<Shop.Item> found, Consumer<List<Shop.Item>> then) {
        if (next == ids.size()) {
            then.accept(found);
            return;
        }
        client.call("items", "GetItem", ids.get(next), 60, TIMEOUT, (Call call) -> {
            found.add(call.value());
            loadItems(ids, next + 1, found, then);
        });
    }
}
