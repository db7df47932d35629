import static org.junit.jupiter.api.Assertions.assertAll;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Days of random size and shape (base 60-110 requests/s, a peak of 1.5-2.2x at a random time),
 * requests of 60-110 ms (so a small instance serves 18-33 requests/s, not always 25), and in
 * three days of four a 1.5-2.2x spike at a random minute.
 *
 * <p>Calibration (docs/PERFORMANCE.md): the reference passes 36 of 36 days (seeds 100-129, these
 * four, the visible two) with cost ratios 1.37-1.91 and at most 2 flaps. Fixed fleets of 8 or 12,
 * +1/-1 steps, exact tracking, tracking at a hard-coded 25 requests/s, resizing to XLARGE,
 * never scaling in, scaling in after 10 minutes, and a schedule by the clock each fail at least
 * one of these four days or the visible ones.
 */
class FleetAutoscalerHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 37, 59})
    @DisplayName("a random day: p95 and errors in 95% of minutes, <= 1% errors, cost <= 2x the oracle, <= 2 flaps")
    void a_random_day(long seed) {
        ScalingRun run = ScalingRun.of(ScalingRun.Setup.random(seed), FleetAutoscaler::new);
        try {
            assertAll(run::assertGoodMinutes, run::assertErrors, run::assertCost, run::assertFewFlaps);
        } catch (AssertionError failed) {
            run.attachFigures();  // the charts of a day that failed, to see where
            throw failed;
        }
    }
}
