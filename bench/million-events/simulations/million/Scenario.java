import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.workload.Workload;
import java.util.List;
import java.util.Locale;

/** Four servers of 4 workers at 70% load under least connections, for a given number of requests. */
public final class Scenario implements LiveScenario {
    @Override
    public LiveRun run(LiveParameters p) {
        LoadBalancerScenario scenario = new LoadBalancerScenario(p.seed());
        scenario.addServers(4, s -> s.workers(4).serviceTime(Distribution.exponential(Time.ms(10))));
        LoadBalancerReport report = scenario.run((request, backends) -> {
            Backend best = backends.get(0);
            for (Backend backend : backends) {
                if (backend.active() < best.active()) {
                    best = backend;
                }
            }
            return best;
        }, Workload.openLoop(0.7 * 1600).limit(p.integer("requests")));
        return new LiveRun(String.format(Locale.ROOT, "%d requests: p99 %.1f ms.", p.integer("requests"),
                report.latency().p99Ms()), List.of(report.figures().get(1)));
    }
}
