import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * More seeds and random sizes: credit limits, line limits, orders, clients, instances, attempts,
 * how hot the hottest order is.
 */
class OrderHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    @DisplayName("random command sequences with random limits: the order follows its rules at every step")
    void random_sequences(long seed) {
        OrderRules.checkSequences(seed, 50, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105})
    @DisplayName("random shops: no rule broken, no update lost, give-ups only after every attempt, every command answered once")
    void random_shops(long seed) {
        Random r = new Random(seed);
        OrderRun run = OrderRun.shop(seed, 3 + r.nextInt(10), 15 + r.nextInt(25), 20 + r.nextInt(20), 2 + r.nextInt(3),
                4 + r.nextInt(3), 0.1 + 0.2 * r.nextDouble());
        run.checkShowingFailures(() -> {
            run.assertSafe();
            run.assertGiveUpsOnlyAfterEveryAttempt();
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {201, 202, 203, 204})
    @DisplayName("random crowds near the credit limit: exactly the lines that fit are accepted")
    void random_crowds(long seed) {
        OrderRun run = OrderRun.crowd(seed, 3 + (int) (seed % 4), 2 + (int) (seed % 3));
        run.checkShowingFailures(() -> {
            run.assertSafe();
            run.assertCrowdsDecidedOnFreshOrders();
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {301, 302, 303})
    @DisplayName("one attempt only, on a hot order: conflicts are answered as conflicts, never forced through")
    void conflicts_are_raised(long seed) {
        OrderRun run = OrderRun.shop(seed, 2, 30, 15, 3, 1, 0.7);
        run.checkShowingFailures(() -> {
            run.assertSafe();
            if (run.count(Outcome.Kind.CONFLICT) != run.versionConflicts()) {
                throw new AssertionError(String.format(java.util.Locale.ROOT, "%s: the database answered %d version conflicts, and %d "
                        + "commands were answered CONFLICT; with attempts = 1 every version conflict ends its command with "
                        + "Outcome.conflict(), and nothing is stored", run.label, run.versionConflicts(), run.count(Outcome.Kind.CONFLICT)));
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {401, 402, 403})
    @DisplayName("many different orders at once, 2-4 instances: no command waits for another order's")
    void random_independent_orders(long seed) {
        OrderRun run = OrderRun.parallel(seed, 30 + (int) (seed * 7 % 50), 2 + (int) (seed % 3));
        run.checkShowingFailures(() -> {
            run.assertSafe();
            run.assertIndependentOrdersDoNotWait();
        });
    }
}
