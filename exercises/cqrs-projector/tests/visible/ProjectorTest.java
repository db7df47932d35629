import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProjectorTest {

    @Test
    @DisplayName("every event delivered once, no crash: the rows match the log (the starter passes this one)")
    void projects_each_event() {
        OrderStream run = new OrderStream(1, 800, 8, 40, 0).run();
        run.showFigures();
        run.assertLagBounded();
        run.assertMatchesExpected();
    }

    @Test
    @DisplayName("5% of events delivered twice: each is applied once, and the rows equal a rebuild from scratch")
    void duplicates_are_applied_once() {
        OrderStream run = new OrderStream(2, 1000, 10, 60, 0.05).run();
        run.showFigures();
        run.assertMatchesExpected();
        run.assertMatchesRebuild();
    }

    @Test
    @DisplayName("the projector crashes and restarts: it resumes from the position saved with its rows, nothing applied twice")
    void resumes_after_a_crash() {
        OrderStream run = new OrderStream(3, 1000, 12, 60, 0.05).crash(5.5, 1).run();
        run.showFigures();
        run.assertResumesFromSavedPosition();
        run.assertMatchesExpected();
        run.assertMatchesRebuild();
    }

    @Test
    @DisplayName("1,000 events/s with a 4\u00d7 spike: projection lag p99 stays under 500 ms")
    void lag_stays_bounded() {
        OrderStream run = new OrderStream(4, 1000, 15, 100, 0.05).spike(6, 2, 4).run();
        run.showFigures();
        run.assertLagBounded();
        run.assertMatchesExpected();
    }
}
