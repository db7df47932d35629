package dev.loadbearing.sim.engine;

import java.util.List;

/** An invariant registered with {@link Sim#invariant} stopped holding after an event. */
public final class InvariantViolation extends SimulationException {
    private static final long serialVersionUID = 1L;

    /** The name of the broken invariant. */
    private final String invariant;

    /**
     * Creates the exception.
     *
     * @param invariant the name of the broken invariant
     * @param time the virtual time of the event after which it broke
     * @param seed the seed of the run
     * @param recentEvents the last events, oldest first; the last one broke the invariant
     */
    public InvariantViolation(String invariant, long time, long seed, List<String> recentEvents) {
        super("invariant '" + invariant + "' broken", time, seed, recentEvents, null);
        this.invariant = invariant;
    }

    /**
     * Returns the name of the broken invariant.
     *
     * @return the name given to {@link Sim#invariant}
     */
    public String invariant() {
        return invariant;
    }
}
