import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/**
 * Shards (3 to 5, plus 1 or 2), keys (2,500 to 5,000), value sizes, rate (800 to 1,200 ops/s),
 * write share and the time bound (8 to 12 s) come from the seed (LiveMigration.random).
 */
class ResharderHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 29})
    @DisplayName("random shards, keys, sizes and rate: no acknowledged write lost, reads never go backwards, done in time")
    void no_write_is_lost(long seed) {
        LiveMigration run = new LiveMigration(Resharder::new, seed);
        run.assertNoLostWrites();
        run.assertDoneInTime();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 53})
    @DisplayName("random shards, keys, sizes and rate: every second of the migration within 3× the p99 before, nothing lost")
    void p99_stays_bounded(long seed) {
        LiveMigration run = new LiveMigration(Resharder::new, seed);
        run.assertP99Bounded();
        run.assertNoLostWrites();
        run.assertDoneInTime();
    }
}
