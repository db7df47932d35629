package dev.loadbearing.sim.function;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * Decides how many instances of a function to keep initialised and waiting (provisioned
 * concurrency), once at the end of every window (one minute by default), from what that window
 * measured. Provisioned instances take no cold start on the request path and are billed for every
 * second they exist, busy or not; requests beyond them go to on-demand instances as usual.
 *
 * <pre>{@code
 * ProvisioningPolicy policy = window -> (int) Math.ceil(window.peakConcurrency() * 1.2);
 * }</pre>
 */
@LearnerApi(allMembers = true)
@FunctionalInterface
public interface ProvisioningPolicy {
    /**
     * Decides the provisioned concurrency for the next window.
     *
     * @param window what the function measured in the window that just ended
     * @return how many instances to keep provisioned, at least zero (more than the concurrency
     *     limit provisions up to it)
     */
    int decide(FunctionWindow window);
}
