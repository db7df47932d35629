package dev.loadbearing.sim.scale;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * Decides the size of a fleet from what it measured: called once at the end of every window
 * (15 s by default) with that window's numbers.
 *
 * <pre>{@code
 * Autoscaler scaler = window -> window.p95Ms() > 250
 *         ? Scaling.to(window.instances() + 1)
 *         : Scaling.hold();
 * }</pre>
 */
@LearnerApi(allMembers = true)
@FunctionalInterface
public interface Autoscaler {
    /**
     * Decides what to do after a window.
     *
     * @param window what the fleet measured in the window that just ended
     * @return the decision; {@link Scaling#hold()} to change nothing
     */
    Scaling decide(FleetWindow window);
}
