import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The service: several instances, one database, many commands at once. */
class OrderServiceTest {

    @Test
    @DisplayName("a shop of 8 orders, 24 clients, 3 service instances: no rule broken, no update lost, every command answered once")
    void shop() {
        OrderRun run = OrderRun.shop(1, 8, 24, 30, 3, 4, 0.3);
        run.check(() -> {
            run.assertSafe();
            run.assertGiveUpsOnlyAfterEveryAttempt();
        });
    }

    @Test
    @DisplayName("a crowd of AddLines on orders near their credit limit: a retry decides again, so exactly the lines that fit are accepted")
    void crowd() {
        OrderRun run = OrderRun.crowd(1, 4, 3);
        run.check(() -> {
            run.assertSafe();
            run.assertCrowdsDecidedOnFreshOrders();
        });
    }

    @Test
    @DisplayName("40 commands on 40 different orders at once do not wait for each other")
    void independent_orders() {
        OrderRun run = OrderRun.parallel(1, 40, 3);
        run.check(() -> {
            run.assertSafe();
            run.assertIndependentOrdersDoNotWait();
        });
    }
}
