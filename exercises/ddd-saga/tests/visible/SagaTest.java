import dev.loadbearing.sim.engine.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The saga between orders and payments, one difficulty at a time. */
class SagaTest {

    @Test
    @DisplayName("declined payments and duplicate events: each order confirmed or cancelled exactly once")
    void declines_and_duplicates() {
        new SagaRun(1, 40, Time.seconds(1), 0.3, 0, 0, 0.3).check(true);
    }

    @Test
    @DisplayName("late and lost answers from payments: no order left in limbo, and money taken for a cancelled order is refunded")
    void timeouts_and_compensation() {
        new SagaRun(2, 40, Time.ms(800), 0.1, 0.25, 0.15, 0).check(true);
    }

    @Test
    @DisplayName("everything at once: declines, late and lost answers, duplicates of every event")
    void everything() {
        new SagaRun(3, 60, Time.seconds(1), 0.2, 0.15, 0.1, 0.3).check(true);
    }
}
