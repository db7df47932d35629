import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.LatencySummary;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Four balancing algorithms on a pool where server-0 runs at a fraction of the others' speed. */
public final class Scenario implements LiveScenario {
    private static final int WORKERS = 4;
    private static final double SERVICE_MS = 10;
    private static final int REQUESTS = 40_000;

    @Override
    public LiveRun run(LiveParameters p) {
        int servers = p.integer("servers");
        double slow = p.number("slowSpeed");
        LoadBalancerScenario scenario = new LoadBalancerScenario(p.seed());
        scenario.addServers(servers, s -> s.workers(WORKERS).serviceTime(Distribution.exponential(Time.ms(SERVICE_MS))));
        scenario.server(0).speed(slow).weight(Math.max(1, (int) Math.round(10 * slow)));
        for (int i = 1; i < servers; i++) {
            scenario.server(i).weight(10);
        }
        double capacity = WORKERS * 1000 / SERVICE_MS * (servers - 1 + slow);
        double rate = capacity * p.integer("load") / 100.0;
        LoadBalancerReport report = scenario.run(policy(p.choice("algorithm"), scenario.sim().random("balancer")),
                Workload.openLoop(rate).limit(REQUESTS));
        List<String> names = new ArrayList<>(report.latencyPerServer().keySet());
        List<Double> p99 = names.stream().map(n -> report.latencyPerServer().get(n).p99Ms()).toList();
        List<Double> share = names.stream().map(n -> 100.0 * report.share(n)).toList();
        LatencySummary all = report.latency();
        String summary = String.format(Locale.ROOT,
                "%s at %d%% load (%.0f requests/s): p50 %.1f ms, p99 %.1f ms overall; the slow server-0 took %.0f%% of requests, its p99 %.1f ms.",
                p.choice("algorithm"), p.integer("load"), rate, all.p50Ms(), all.p99Ms(), share.get(0), p99.get(0));
        return new LiveRun(summary, List.of(
                new BarChart("p99 latency per server (seed " + p.seed() + ")", "server", "p99 (ms)", names, p99),
                new BarChart("Share of requests per server", "server", "% of requests", names, share),
                report.figures().get(1)));
    }

    private static LoadBalancer policy(String algorithm, RandomStream random) {
        return switch (algorithm) {
            case "round-robin" -> new LoadBalancer() {
                private int next;

                @Override
                public Backend pick(dev.loadbearing.sim.server.Request request, List<Backend> backends) {
                    return backends.get(next++ % backends.size());
                }
            };
            case "weighted" -> new LoadBalancer() {
                private final List<Integer> current = new ArrayList<>();

                @Override
                public Backend pick(dev.loadbearing.sim.server.Request request, List<Backend> backends) {
                    // Smooth weighted round robin (nginx): add each weight, pick the largest, subtract the total.
                    while (current.size() < backends.size()) {
                        current.add(0);
                    }
                    int total = 0;
                    int best = 0;
                    for (int i = 0; i < backends.size(); i++) {
                        current.set(i, current.get(i) + backends.get(i).weight());
                        total += backends.get(i).weight();
                        if (current.get(i) > current.get(best)) {
                            best = i;
                        }
                    }
                    current.set(best, current.get(best) - total);
                    return backends.get(best);
                }
            };
            case "least-connections" -> (request, backends) -> {
                Backend best = backends.get(0);
                for (Backend b : backends) {
                    if (b.active() < best.active()) {
                        best = b;
                    }
                }
                return best;
            };
            default -> (request, backends) -> {
                Backend a = backends.get(random.nextInt(backends.size()));
                Backend b = backends.get(random.nextInt(backends.size()));
                return a.active() <= b.active() ? a : b;
            };
        };
    }
}
