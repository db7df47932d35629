import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrderServiceTest {

    @Test
    @DisplayName("a calm day: every stored order gets its OrderPlaced event, within 100 ms on average (the starter passes this one)")
    void a_calm_day() {
        OrderRun run = new OrderRun(OrderService::new, 1, new OrderRun.Setup(50, 8, 0, false, false));
        run.showFigures();
        run.assertNoLostOrPhantomEvents();
        run.assertMostOrdersStored(0.99);
        run.assertEventsPromptly(Time.ms(100));
    }

    @Test
    @DisplayName("the service crashes 12 times, a few milliseconds into an order or its background work: no lost and no phantom events")
    void service_crashes() {
        OrderRun run = new OrderRun(OrderService::new, 2, new OrderRun.Setup(50, 8, 12, false, false));
        run.showFigures();
        run.assertNoLostOrPhantomEvents();
        run.assertMostOrdersStored(0.9);
    }

    @Test
    @DisplayName("the broker is down for 0.3-0.7 s: orders are still stored, and their events go out once it is back")
    void a_broker_outage() {
        OrderRun run = new OrderRun(OrderService::new, 3, new OrderRun.Setup(50, 8, 0, false, true));
        run.showFigures();
        run.assertNoLostOrPhantomEvents();
        run.assertMostOrdersStored(0.95);
    }
}
