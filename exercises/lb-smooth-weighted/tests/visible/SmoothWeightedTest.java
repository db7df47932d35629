import dev.loadbearing.sim.figure.Figures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SmoothWeightedTest {

    @Test
    @DisplayName("weights 5, 1, 1: every 7 picks in a row hold 5 for server-0 and 1 each for the others")
    void every_cycle_holds_the_weights() {
        WeightedPicks run = WeightedPicks.run(new SmoothWeighted(), 1, new int[] {5, 1, 1});
        Figures.attach(run.report.figures().get(0));
        run.assertEveryCycleHoldsTheWeights();
    }

    @Test
    @DisplayName("weights 5, 1, 1: no server is ever a whole pick ahead of or behind its fair share")
    void picks_are_interleaved() {
        WeightedPicks run = WeightedPicks.run(new SmoothWeighted(), 2, new int[] {5, 1, 1});
        run.attachLeadChart(70);
        run.assertSmooth();
    }

    @Test
    @DisplayName("weights changed at t = 1 s from 3, 1 to 1, 3 hold from the next pick on")
    void new_weights_hold_from_the_next_pick() {
        WeightedPicks run = WeightedPicks.run(new SmoothWeighted(), 3, new int[] {3, 1}, new int[] {1, 3});
        Figures.attach(run.report.figures().get(0));
        run.assertEveryCycleHoldsTheWeights();
        run.assertSmooth();
    }
}
