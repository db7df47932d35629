package dev.loadbearing.sim.live;

/**
 * A scenario a lesson runs live: the author writes one class implementing this interface in
 * {@code simulations/ID/Scenario.java}, declares its parameters in {@code simulation.yaml}, and
 * the reader turns the knobs. A run must be a pure function of its parameters (the seed among
 * them), so a shared link reproduces the same figures.
 *
 * <pre>{@code
 * public final class Scenario implements LiveScenario {
 *     public LiveRun run(LiveParameters p) {
 *         var scenario = new LoadBalancerScenario(p.seed());
 *         ...
 *         return new LiveRun("p99 is 41 ms", report.figures());
 *     }
 * }
 * }</pre>
 */
public interface LiveScenario {
    /**
     * Runs the scenario once.
     *
     * @param parameters the reader's values, already checked against the declaration
     * @return a one-paragraph summary (read aloud to screen readers) and the figures to draw
     */
    LiveRun run(LiveParameters parameters);
}
