import dev.loadbearing.sim.function.FunctionWindow;
import dev.loadbearing.sim.function.ProvisioningPolicy;
import java.util.ArrayDeque;

/**
 * Provisions for the busiest second recently seen, with headroom. The concurrency a second of
 * traffic needs follows from Little's law: arrivals per second times how long an invocation runs
 * (measured without the cold-start wait, which would inflate it), plus three standard deviations
 * for the randomness of arrivals. The policy keeps the largest need of the last four windows
 * (two minutes), so a burst that comes back every half minute or so finds its instances waiting,
 * adds 15% for bursts and spikes a little larger than the last, and follows the traffic down
 * once the busy windows have aged out.
 */
public final class ProvisionedConcurrency implements ProvisioningPolicy {
    private static final int REMEMBER_WINDOWS = 4;
    private static final double HEADROOM = 1.15;

    private final ArrayDeque<Integer> recent = new ArrayDeque<>();
    private double durationMs;

    @Override
    public int decide(FunctionWindow window) {
        if (window.meanDurationMs() > 0) {
            durationMs = durationMs == 0 ? window.meanDurationMs() : 0.7 * durationMs + 0.3 * window.meanDurationMs();
        }
        // Little's law for the window's busiest second, plus three standard deviations.
        double busiest = window.peakRequestsPerSecond() * durationMs / 1000;
        int needed = (int) Math.ceil((busiest + 3 * Math.sqrt(busiest)) * HEADROOM);
        recent.addLast(needed);
        if (recent.size() > REMEMBER_WINDOWS) {
            recent.removeFirst();
        }
        int most = 0;
        for (int value : recent) {
            most = Math.max(most, value);
        }
        return most;
    }
}
