import static org.junit.jupiter.api.Assertions.assertAll;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Databases of 40-80 connections, usual concurrency of 20-30% of the limit, invocations of
 * 150-250 ms, each with a tenfold surge.
 */
class OrdersFunctionHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {17, 29, 43})
    @DisplayName("a random database: usual traffic served, no connection refused in the surge, connections reused, the surge served")
    void a_random_database(long seed) {
        ConnectionsRun run = ConnectionsRun.of(seed, OrdersFunction::new);
        try {
            assertAll(run::assertUsualLoadServed, run::assertDatabaseHolds, run::assertReuse, run::assertSurgeServed);
        } catch (AssertionError failed) {
            run.attachFigures();
            throw failed;
        }
    }
}
