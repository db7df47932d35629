package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;

/**
 * The clock and timer a {@link PageReader} may use: to wait for a replica to catch up.
 */
@LearnerApi
public final class ReadContext {
    private final Sim sim;

    /**
     * Creates the context of a simulation.
     *
     * @param sim the simulation
     */
    public ReadContext(Sim sim) {
        this.sim = sim;
    }

    /**
     * Returns the simulated time.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    public long now() {
        return sim.now();
    }

    /**
     * Runs an action after a delay.
     *
     * @param delay nanoseconds, at least 0
     * @param action what to do then
     */
    @LearnerApi
    public void after(long delay, Runnable action) {
        sim.after(Math.max(0, delay), "page reader timer", action);
    }
}
