package dev.loadbearing.sim.engine;

import java.util.List;

/**
 * The simulation executed more events than its {@linkplain Sim#stepLimit(long) step limit}: the
 * model probably schedules events forever (a retry without back-off, a timer that re-arms itself
 * at zero delay).
 */
public final class StepLimitExceeded extends SimulationException {
    private static final long serialVersionUID = 1L;

    /** The step limit that was reached. */
    private final long limit;

    /**
     * Creates the exception.
     *
     * @param limit the step limit that was reached
     * @param time the virtual time when it was reached
     * @param seed the seed of the run
     * @param recentEvents the last events, oldest first
     */
    public StepLimitExceeded(long limit, long time, long seed, List<String> recentEvents) {
        super("step limit of " + limit + " events reached; the model may be scheduling events"
                + " forever (an endless retry loop or a timer that re-arms at zero delay?)",
                time, seed, recentEvents, null);
        this.limit = limit;
    }

    /**
     * Returns the step limit that was reached.
     *
     * @return the number of events
     */
    public long limit() {
        return limit;
    }
}
