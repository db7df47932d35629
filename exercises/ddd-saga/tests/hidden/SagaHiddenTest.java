import dev.loadbearing.sim.engine.Time;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random timeouts (300 ms to 2 s), order counts and shares of each failure. */
class SagaHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106})
    @DisplayName("random mixes of declines, late and lost answers and duplicates: every order ends once, in time, with the money right")
    void random_mixes(long seed) {
        Random r = new Random(seed);
        new SagaRun(seed, 30 + r.nextInt(90), Time.ms(300 + r.nextInt(1_700)), 0.3 * r.nextDouble(), 0.25 * r.nextDouble(),
                0.2 * r.nextDouble(), 0.5 * r.nextDouble()).check(false);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {201, 202, 203})
    @DisplayName("every answer from payments late or lost, every event twice: cancelled in time and refunded")
    void nothing_in_time(long seed) {
        new SagaRun(seed, 40, Time.ms(400 + seed % 7 * 100), 0, 0.6, 0.4, 1.0).check(false);
    }

    /**
     * Calibration (seeds 1-300 of this generator): the reference, which publishes every command
     * with an acknowledgement and again 20 ms later until OK, passes all 300. Publishing without
     * an ack (the saga that passes every other test) fails 273 of 300 and all four of these;
     * re-sending only on DOWN, not UNKNOWN, fails 156 of 300 and three of these; re-sending once
     * fails 276 of 300 and all four; requests with an ack but refunds without fails 211 of 300
     * and two of these; re-sending at once inside the callback reaches the step limit (a refusal
     * comes back at the same instant).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {301, 302, 303, 304})
    @DisplayName("the broker crashes 4-6 times while orders come: every payment requested, every refund made, nothing in limbo")
    void broker_crashes(long seed) {
        Random r = new Random(seed);
        new SagaRun(seed, 60 + r.nextInt(50), Time.ms(600 + r.nextInt(900)), 0.1 + 0.15 * r.nextDouble(), 0.1 + 0.15 * r.nextDouble(),
                0.1 + 0.15 * r.nextDouble(), 0.3 * r.nextDouble(), 4 + r.nextInt(3)).check(false);
    }
}
