import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.scale.Autoscaler;
import dev.loadbearing.sim.scale.Fleet;
import dev.loadbearing.sim.scale.FleetWindow;
import dev.loadbearing.sim.scale.Scaling;
import dev.loadbearing.sim.workload.OpenLoop;
import dev.loadbearing.sim.workload.Workload;
import java.util.List;
import java.util.Locale;

/**
 * A day squeezed into 20 minutes (40 to 100 requests/s, and an optional spike at minute 9) on
 * instances of 2 workers at 80 ms (25 requests/s each at full load), with the autoscaler's knobs
 * as parameters.
 */
public final class Scenario implements LiveScenario {
    private static final long DAY = Time.minutes(20);
    private static final double[] CURVE = {0.4, 0.45, 0.6, 0.9, 1.3, 1.7, 2.0, 2.0, 1.8, 1.5, 1.2, 1.0, 0.8, 0.6,
            0.5, 0.4, 0.4};
    private static final double BASE = 50;
    private static final double PER_INSTANCE = 25;
    private static final double TARGET_P95_MS = 250;

    @Override
    public LiveRun run(LiveParameters p) {
        String policy = p.choice("policy");
        double target = p.integer("target") / 100.0;
        int calmWindows = p.integer("calm");
        double spike = p.number("spike");
        Sim sim = new Sim(p.seed());
        Fleet fleet = new Fleet(sim)
                .instances(server -> server.serviceTime(Distribution.erlang(4, Time.ms(80)))
                        .queueCapacity(200).timeout(Time.seconds(2)))
                .baseWorkers(2)
                .bootDelay(Time.seconds(p.integer("boot")))
                .quota(40);
        OpenLoop load = Workload.openLoop(BASE).profile(Time.seconds(75), CURVE);
        if (spike > 1) {
            load.burst(Time.minutes(9), Time.minutes(3), spike);
        }
        int peakFleet = (int) Math.ceil(BASE * 2.0 * Math.max(1, spike) / (PER_INSTANCE * target));
        Autoscaler scaler = switch (policy) {
            case "fixed" -> window -> Scaling.to(peakFleet);
            case "step" -> stepping(target, calmWindows);
            default -> tracking(target, calmWindows);
        };
        fleet.start(2, scaler, DAY);
        load.start(sim, fleet::submit, fleet::record);
        sim.runFor(DAY);

        List<FleetWindow> windows = fleet.windows();
        int good = 0;
        int minutes = 0;
        long served = 0;
        long errors = 0;
        for (int m = 0; m * 4 < windows.size(); m++) {
            Latencies minute = Latencies.coarse();
            long ok = 0;
            long failed = 0;
            for (int w = m * 4; w < Math.min(windows.size(), m * 4 + 4); w++) {
                minute.add(fleet.windowLatencies().get(w));
                ok += windows.get(w).served();
                failed += windows.get(w).errors();
            }
            minutes++;
            served += ok;
            errors += failed;
            if (Time.toMillis(minute.percentile(95)) <= TARGET_P95_MS && failed <= 0.01 * (ok + failed)) {
                good++;
            }
        }
        double oracle = 0;
        for (long t = 0; t < DAY; t += Time.seconds(15)) {
            double rate = load.rateAt(t + Time.seconds(7));
            oracle += Math.max(1, Math.ceil(rate / (PER_INSTANCE * 0.7))) * 15 / 3600.0;
        }
        String summary = String.format(Locale.ROOT,
                "%d of %d minutes met p95 <= %.0f ms with at most 1%% errors; %.2f%% of requests failed; the fleet "
                        + "made %d changes and cost %.2f, %.2fx what a clairvoyant autoscaler at 70%% utilisation pays.",
                good, minutes, TARGET_P95_MS, 100.0 * errors / Math.max(1, served + errors), fleet.changes().size(),
                fleet.cost(), fleet.cost() / oracle);
        return new LiveRun(summary, List.of(
                fleet.instancesChart("Instances (seed " + p.seed() + ")"),
                fleet.latencyChart("p95 latency per 15 s window", TARGET_P95_MS),
                fleet.loadChart("Requests per second")));
    }

    /** Target tracking on the arrival rate: out at once to the target, in after calm windows. */
    private static Autoscaler tracking(double target, int calmWindows) {
        int[] calm = {0};
        return window -> {
            int wanted = Math.max(2, (int) Math.ceil(window.requestsPerSecond() / (PER_INSTANCE * target)));
            if (wanted > window.instances()) {
                calm[0] = 0;
                return Scaling.to(wanted);
            }
            calm[0] = wanted < window.instances() ? calm[0] + 1 : 0;
            if (calm[0] >= calmWindows) {
                calm[0] = 0;
                return Scaling.to(wanted);
            }
            return Scaling.hold();
        };
    }

    /** One instance more when utilisation is above the target, one fewer after calm windows below it. */
    private static Autoscaler stepping(double target, int calmWindows) {
        int[] calm = {0};
        return window -> {
            if (window.utilization() > target) {
                calm[0] = 0;
                return Scaling.to(window.instances() + 1);
            }
            calm[0] = window.utilization() < target * 0.7 && window.instances() > 2 ? calm[0] + 1 : 0;
            if (calm[0] >= calmWindows) {
                calm[0] = 0;
                return Scaling.to(window.instances() - 1);
            }
            return Scaling.hold();
        };
    }
}
