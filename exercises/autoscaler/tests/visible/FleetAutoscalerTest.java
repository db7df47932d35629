import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FleetAutoscalerTest {

    private static ScalingRun day() {
        ScalingRun run = ScalingRun.of(ScalingRun.Setup.day(1), FleetAutoscaler::new);
        run.attachFigures();
        return run;
    }

    private static ScalingRun spike() {
        ScalingRun run = ScalingRun.of(ScalingRun.Setup.spike(3), FleetAutoscaler::new);
        run.attachFigures();
        return run;
    }

    @Test
    @DisplayName("through the day, at least 95% of minutes have p95 <= 250 ms and <= 1% errors")
    void the_day_meets_its_latency_target() {
        day().assertGoodMinutes();
    }

    @Test
    @DisplayName("through the day, at most 1% of requests fail")
    void the_day_has_few_errors() {
        day().assertErrors();
    }

    @Test
    @DisplayName("a 2x spike at minute 2.5: from 2 minutes after it, the minutes meet the target again")
    void the_spike_is_absorbed() {
        ScalingRun run = spike();
        run.assertGoodMinutes();
        run.assertErrors();
    }

    @Test
    @DisplayName("the day with the spike costs at most 2x what a clairvoyant autoscaler pays")
    void the_cost_is_bounded() {
        spike().assertCost();
    }

    @Test
    @DisplayName("no flapping: at most 2 changes of direction within 90 s over the day")
    void the_fleet_does_not_flap() {
        day().assertFewFlaps();
    }
}
