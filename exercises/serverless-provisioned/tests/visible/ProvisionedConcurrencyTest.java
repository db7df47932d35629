import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProvisionedConcurrencyTest {

    private static ProvisioningRun day() {
        ProvisioningRun run = ProvisioningRun.of(ProvisioningRun.Setup.day(1), ProvisionedConcurrency::new);
        run.attachFigures();
        return run;
    }

    @Test
    @DisplayName("cold starts are rare: at most 1% of the day's invocations wait for an instance to start")
    void cold_starts_are_rare() {
        day().assertColdStarts();
    }

    @Test
    @DisplayName("p99 over the day, bursts and spike included, is at most 1,000 ms")
    void p99_meets_the_target() {
        day().assertP99();
    }

    @Test
    @DisplayName("the day costs at most 1.25x what an online oracle pays (the recent past's busiest second, exactly, no headroom)")
    void the_cost_is_bounded() {
        day().assertCost();
    }
}
