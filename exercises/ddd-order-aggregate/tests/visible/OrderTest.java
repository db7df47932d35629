import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The aggregate on its own: every rule is guarded by the order itself. */
class OrderTest {
    private static final String O = "order-1";

    @Test
    @DisplayName("the total never passes the credit limit")
    void credit_limit() {
        OrderRules.checkScript("credit limit", 1_000, 5, List.of(
                new Command.AddLine(O, "book", 3, 200),
                new Command.AddLine(O, "lamp", 2, 250),
                new Command.AddLine(O, "pen", 4, 100),
                new Command.AddLine(O, "mug", 1, 1)));
    }

    @Test
    @DisplayName("a submitted order takes no changes, and an empty order cannot be submitted")
    void submitted_orders_are_closed() {
        OrderRules.checkScript("submission", 1_000, 5, List.of(
                new Command.Submit(O),
                new Command.AddLine(O, "book", 1, 20),
                new Command.Submit(O),
                new Command.AddLine(O, "lamp", 1, 30),
                new Command.RemoveLine(O, "book"),
                new Command.Submit(O)));
    }

    @Test
    @DisplayName("at most maxLines lines, one line per sku, and only a line the order has can be removed")
    void lines() {
        OrderRules.checkScript("lines", 10_000, 2, List.of(
                new Command.AddLine(O, "book", 1, 20),
                new Command.AddLine(O, "book", 2, 20),
                new Command.AddLine(O, "lamp", 1, 30),
                new Command.AddLine(O, "pen", 1, 5),
                new Command.RemoveLine(O, "pen"),
                new Command.RemoveLine(O, "book"),
                new Command.AddLine(O, "pen", 1, 5)));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    @DisplayName("random command sequences: every decision the order takes follows its rules")
    void random_sequences(long seed) {
        OrderRules.checkSequences(seed, 40, 30);
    }
}
