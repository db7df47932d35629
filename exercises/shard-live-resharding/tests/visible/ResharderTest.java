import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResharderTest {

    @Test
    @DisplayName("before any resharding, 4 shards: every read sees the latest acknowledged write (the starter passes this one)")
    void routes_reads_and_writes() {
        LiveMigration run = new LiveMigration(Resharder::new,
                new LiveMigration.Setup(1, 4, 1, 4_000, 1_000, 0.4, 2_048, 12_288, 1, false));
        run.showFigures();
        run.assertNoLostWrites();
    }

    @Test
    @DisplayName("4 shards → 5 at 1,000 ops/s: no acknowledged write lost, reads never go backwards, done within 8 s")
    void no_write_is_lost() {
        LiveMigration run = new LiveMigration(Resharder::new,
                new LiveMigration.Setup(2, 4, 1, 4_000, 1_000, 0.4, 2_048, 12_288, 8, true));
        run.showFigures();
        run.assertNoLostWrites();
        run.assertDoneInTime();
    }

    @Test
    @DisplayName("4 shards → 5 at 1,000 ops/s: the p99 of every second of the migration stays within 3× the p99 before")
    void p99_stays_bounded() {
        LiveMigration run = new LiveMigration(Resharder::new,
                new LiveMigration.Setup(3, 4, 1, 4_000, 1_000, 0.4, 2_048, 12_288, 8, true));
        run.showFigures();
        run.assertP99Bounded();
        run.assertNoLostWrites();
        run.assertDoneInTime();
    }
}
