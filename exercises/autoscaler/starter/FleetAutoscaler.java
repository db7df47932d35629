import dev.loadbearing.sim.scale.Autoscaler;
import dev.loadbearing.sim.scale.FleetWindow;
import dev.loadbearing.sim.scale.Scaling;

/**
 * Decides, every 15 s, how many instances the fleet should have, from what the last window
 * measured: arrivals, latencies, errors and how busy the serving instances were. A new
 * instance costs from the moment you ask for it and serves only after booting for 60 s.
 */
public final class FleetAutoscaler implements Autoscaler {

    @Override
    public Scaling decide(FleetWindow window) {
        // Never changes anything: the fleet stays at the 2 instances it starts with, whatever
        // the traffic. Use window.requestsPerSecond(), window.utilization(), window.running()
        // and window.instances(), and return Scaling.to(n).
        return Scaling.hold();
    }
}
