import dev.loadbearing.sim.scale.Autoscaler;
import dev.loadbearing.sim.scale.FleetWindow;
import dev.loadbearing.sim.scale.Scaling;

/**
 * Target tracking with a look-ahead. It learns what one instance can serve from the windows
 * (requests served per second per unit of utilisation), launches enough instances for where
 * traffic will be when they have booted, at 60% utilisation, and scales in slowly: only after
 * six calm windows in a row, to 50%, and never below two instances.
 */
public final class FleetAutoscaler implements Autoscaler {
    private static final double OUT_AT = 0.6;
    private static final double IN_BELOW = 0.45;
    private static final double IN_TO = 0.5;
    private static final int CALM_WINDOWS = 6;
    private static final int LOOK_AHEAD_WINDOWS = 4;   // a 60 s boot is four 15 s windows
    private static final int MIN_INSTANCES = 2;

    private double perInstance;     // requests per second one instance serves at 100%
    private double previousRate = -1;
    private double growth;          // smoothed change in requests per second per window
    private int calm;

    @Override
    public Scaling decide(FleetWindow window) {
        double rate = window.requestsPerSecond();
        if (window.running() > 0 && window.utilization() > 0.05) {
            double measured = window.served() / window.seconds() / (window.utilization() * window.running());
            perInstance = perInstance == 0 ? measured : 0.8 * perInstance + 0.2 * measured;
        }
        if (previousRate >= 0) {
            growth = 0.5 * growth + 0.5 * (rate - previousRate);
        }
        previousRate = rate;
        if (perInstance == 0) {
            return Scaling.hold();
        }
        int current = window.instances();
        // Where traffic will be when a new instance has booted; a sudden jump is not a trend
        // that goes on for ever, so look at most 30% beyond now.
        double ahead = Math.min(1.3 * rate, rate + Math.max(0, growth) * LOOK_AHEAD_WINDOWS);
        int wanted = Math.max(MIN_INSTANCES, (int) Math.ceil(ahead / (perInstance * OUT_AT)));
        if (wanted > current) {
            calm = 0;
            return Scaling.to(wanted);
        }
        double utilizationOfAll = rate / (perInstance * current);
        calm = utilizationOfAll < IN_BELOW && growth <= 0 ? calm + 1 : 0;
        if (calm >= CALM_WINDOWS) {
            calm = 0;
            int fewer = Math.max(MIN_INSTANCES, (int) Math.ceil(rate / (perInstance * IN_TO)));
            if (fewer < current) {
                return Scaling.to(fewer);
            }
        }
        return Scaling.hold();
    }
}
