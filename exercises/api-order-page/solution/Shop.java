import java.util.List;

/** The shop's data as its services answer it. */
public final class Shop {
    private Shop() {
    }

    /** An order: who placed it and the ids of its items, in order. */
    public record Order(String id, int userId, List<Integer> itemIds) {
    }

    /** A customer. */
    public record User(int id, String name) {
    }

    /** An item of the catalogue. */
    public record Item(int id, String title, long priceCents) {
    }

    /** What the order page shows: the order, who placed it, and its items in the order's order. */
    public record OrderPage(Order order, User user, List<Item> items) {
    }
}
