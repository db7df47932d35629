import static org.junit.jupiter.api.Assertions.assertAll;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fleets of 3 to 5 gateways, 1,500 to 3,000 clients, handshakes of 10 to 20 ms, a random gateway
 * crashing at a random time and, with 4 or more, a second one 10 to 20 s later.
 *
 * <p>Calibration (docs/PERFORMANCE.md): the reference passes 26 of 26 runs (seeds 100-119, these
 * four, the visible two), with a peak of at most 1.4x the handshakes left and a p99 reconnection
 * of at most 5.3 s after a crash (14.4 s after the outage). Immediate retries, a fixed 1 s delay,
 * exponential backoff without jitter, full jitter from 100 ms, and uniform 0-60 s waits each fail
 * here or in the visible tests; so do subscribing from now after a reconnect and skipping only
 * duplicates.
 */
class RoomAppHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 37, 59})
    @DisplayName("a random fleet loses one or two gateways: order, no storm, everyone back")
    void a_random_fleet(long seed) {
        Storm run = Storm.of(Storm.Setup.random(seed), RoomApp::new);
        try {
            assertAll(run::assertOrder, run::assertNoStorm, run::assertRecovery);
        } catch (AssertionError failed) {
            run.attachFigures();
            throw failed;
        }
    }
}
