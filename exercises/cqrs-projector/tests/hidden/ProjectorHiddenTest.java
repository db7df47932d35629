import dev.loadbearing.sim.engine.Time;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectorHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 37, 41, 59})
    @DisplayName("other seeds: rates, customers, duplicates, a spike and a crash drawn from the seed")
    void other_seeds(long seed) {
        Random r = new Random(seed);
        double rate = 600 + r.nextInt(700);
        int customers = 10 + r.nextInt(300);
        double duplicates = 0.03 + r.nextDouble() * 0.05;
        double seconds = 8 + r.nextInt(4);
        double crashAt = 3 + r.nextDouble() * (seconds - 6);
        OrderStream run = new OrderStream(seed, rate, seconds, customers, duplicates)
                .spike(1 + r.nextDouble() * 2, 1.5, 2 + r.nextInt(3))
                .crash(crashAt, 0.3 + r.nextDouble())
                .run();
        run.showFigures();
        run.assertResumesFromSavedPosition();
        run.assertMatchesExpected();
        run.assertMatchesRebuild();
    }

    @Test
    @DisplayName("two crashes close together, the second one soon after the restart")
    void two_crashes() {
        OrderStream run = new OrderStream(71, 900, 10, 50, 0.05).crash(3.2, 0.5).crash(3.8, 0.3).run();
        run.showFigures();
        run.assertResumesFromSavedPosition();
        run.assertMatchesExpected();
        run.assertMatchesRebuild();
    }

    @Test
    @DisplayName("no crash, 1,200 events/s over 20 s on 300 customers: lag p99 under 500 ms as the log grows")
    void lag_as_the_log_grows() {
        OrderStream run = new OrderStream(83, 1200, 20, 300, 0.05).run();
        run.showFigures();
        run.assertLagBounded();
        run.assertMatchesExpected();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {13, 47})
    @DisplayName("the same projector on a database's change stream: orders are rows committed by concurrent transactions, "
            + "read by change data capture tens of milliseconds behind, through a database crash and a projector crash")
    void from_a_database_change_stream(long seed) {
        Random r = new Random(seed);
        double seconds = 6 + r.nextInt(2);
        OrderStream run = OrderStream.fromDatabase(seed, 600 + r.nextInt(500), seconds, 20 + r.nextInt(200),
                        0.03 + r.nextDouble() * 0.04, Time.ms(20 + r.nextInt(80)))
                .crashDatabase(1 + r.nextDouble(), 0.2 + r.nextDouble() * 0.3)
                .crash(2.8 + r.nextDouble() * (seconds - 5), 0.3 + r.nextDouble() * 0.5)
                .run();
        run.showFigures();
        run.assertResumesFromSavedPosition();
        run.assertMatchesExpected();
        run.assertMatchesRebuild();
    }
}
