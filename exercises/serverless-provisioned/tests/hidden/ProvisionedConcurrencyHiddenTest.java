import static org.junit.jupiter.api.Assertions.assertAll;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Days of random size and shape (base 20-40 invocations/s, a peak of 1.6-2.4x at a random
 * time), invocations of 140-280 ms, bursts at random moments and a 2-3x spike at a random minute.
 *
 * <p>Calibration (seeds 1-300, the cost against the online oracle of ProvisioningRun.oracleCost):
 * the reference costs 1.08-1.19x (median 1.12) and keeps cold starts at or under 1% on 296 of 300
 * days (these four included; days 81, 84, 221 and 226 have a spike its first window cannot see).
 * Provisioning nothing (up to 7.4% cold), the mean concurrency (6.7%) or the last window's peak
 * concurrency (3.7%) fail the cold starts; a fixed 150 all day (1.5-5.3x), the reference x1.2
 * (1.24-1.38x, fails 297 of 300), x1.5, never coming down (1.27-2.9x) and remembering 12 windows
 * instead of 4 (1.25-1.67x, fails 39 of 40) fail the cost.
 */
class ProvisionedConcurrencyHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 202, 303, 404})
    @DisplayName("a random day: <= 1% cold starts, p99 <= 1,000 ms, cost <= 1.25x the online oracle")
    void a_random_day(long seed) {
        ProvisioningRun run = ProvisioningRun.of(ProvisioningRun.Setup.random(seed), ProvisionedConcurrency::new);
        try {
            assertAll(run::assertColdStarts, run::assertP99, run::assertCost);
        } catch (AssertionError failed) {
            run.attachFigures();
            throw failed;
        }
    }
}
