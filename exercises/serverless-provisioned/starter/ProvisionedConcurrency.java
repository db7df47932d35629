import dev.loadbearing.sim.function.FunctionWindow;
import dev.loadbearing.sim.function.ProvisioningPolicy;

/**
 * Decides, every 30 s, how many instances of the function to keep initialised and waiting
 * (provisioned concurrency), from what the last window measured: invocations, the busiest
 * second, how long an invocation runs, how many were cold starts, the concurrency. A provisioned
 * instance never makes a request wait for a cold start, and is billed for every second it exists.
 */
public final class ProvisionedConcurrency implements ProvisioningPolicy {

    @Override
    public int decide(FunctionWindow window) {
        // Provisions nothing: every burst and every rise in traffic starts instances cold, and
        // each waits 1-2 s. Use window.peakRequestsPerSecond(), window.meanDurationMs() and
        // window.peakConcurrency(), and return how many instances to keep warm.
        return 0;
    }
}
