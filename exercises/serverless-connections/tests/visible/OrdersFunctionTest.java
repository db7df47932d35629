import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrdersFunctionTest {

    private static ConnectionsRun run() {
        ConnectionsRun run = ConnectionsRun.of(1, OrdersFunction::new);
        run.attachFigures();
        return run;
    }

    @Test
    @DisplayName("at the usual traffic, every invocation succeeds and (almost) none is throttled")
    void the_usual_traffic_is_served() {
        run().assertUsualLoadServed();
    }

    @Test
    @DisplayName("at ten times the usual concurrency, the database never refuses a connection")
    void the_database_holds_the_surge() {
        run().assertDatabaseHolds();
    }

    @Test
    @DisplayName("connections are reused: at most one opened per 20 invocations")
    void connections_are_reused() {
        run().assertReuse();
    }

    @Test
    @DisplayName("during the surge, the function serves at least 60% of what the database's connections can carry")
    void the_surge_is_served_as_far_as_the_database_allows() {
        run().assertSurgeServed();
    }
}
