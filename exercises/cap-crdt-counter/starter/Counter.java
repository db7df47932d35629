/**
 * The messages between clients and counter nodes (read-only). A client sends {@link Add} or
 * {@link Get} to one node; the node answers the sender with {@link Added} or {@link Value}.
 */
public final class Counter {
    private Counter() {
    }

    /** Add {@code amount} (at least 1) to the counter; answer with {@code Added(id)}. */
    public record Add(long id, int amount) {
    }

    /** The node has counted the Add with this id. */
    public record Added(long id) {
    }

    /** What is the counter's value? Answer with {@code Value(id, value)}. */
    public record Get(long id) {
    }

    /** The counter's value as this node knows it. */
    public record Value(long id, long value) {
    }
}
