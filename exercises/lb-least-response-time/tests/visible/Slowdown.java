import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.metrics.Latencies;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Identical servers (4 workers, 10 ms exponential service) at 60% load for 25 s; one of them
 * becomes five times slower part-way. Records where each request went and how long it took.
 */
final class Slowdown {
    final long seed;
    final int servers;
    final int slow;
    final long slowAt;
    final LoadBalancerReport report;
    private final List<Request> requests = new ArrayList<>();
    private final List<Integer> picks = new ArrayList<>();

    Slowdown(Function<RandomStream, LoadBalancer> policy, long seed, int servers, int slow, double slowAtSeconds) {
        this.seed = seed;
        this.servers = servers;
        this.slow = slow;
        this.slowAt = Time.seconds(slowAtSeconds);
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        scenario.addServers(servers, server -> server.workers(4).serviceTime(Distribution.exponential(Time.ms(10))));
        scenario.server(slow).slowDownAt(slowAt, 5);
        LoadBalancer learner = policy.apply(scenario.sim().random("lb"));
        LoadBalancer recording = (request, backends) -> {
            Backend chosen = learner.pick(request, backends);
            requests.add(request);
            picks.add(chosen == null ? -1 : chosen.index());
            return chosen;
        };
        report = scenario.run(recording, Workload.openLoop(0.6 * 400 * servers), Time.seconds(25));
        Figures.attach(report.figures().get(2));
    }

    /** From one second after the slow-down on (time to notice), the slow server's share is at most 5%. */
    void assertSlowServerAvoided() {
        long sent = 0;
        long toSlow = 0;
        for (int k = 0; k < requests.size(); k++) {
            if (requests.get(k).createdAt() >= slowAt + Time.SECOND) {
                sent++;
                toSlow += picks.get(k) == slow ? 1 : 0;
            }
        }
        double share = 100.0 * toSlow / sent;
        if (share > 5) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: server-%d became 5x slower at t=%.1f s, but from a second later it still got %.1f%% of "
                            + "requests (at most 5%% allowed): it can serve only 1/5 of what the others do, so each "
                            + "request there waits. Estimate each server's response time from its recent latency "
                            + "(recentLatencyMs()) and the queue it has (active()), and pick the lowest",
                    seed, slow, Time.toSeconds(slowAt), share));
        }
    }

    /** The p99 of requests sent from a second after the slow-down is at most 1.5x the p99 before it. */
    void assertTailHolds() {
        Latencies before = new Latencies();
        Latencies after = new Latencies();
        for (Request request : requests) {
            if (request.outcome() == Outcome.OK) {
                if (request.createdAt() < slowAt) {
                    before.record(request.latency());
                } else if (request.createdAt() >= slowAt + Time.SECOND) {
                    after.record(request.latency());
                }
            }
        }
        double healthy = Time.toMillis(before.percentile(99));
        double slowed = Time.toMillis(after.percentile(99));
        if (!(slowed <= 1.5 * healthy)) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: p99 was %.0f ms before server-%d slowed down and %.0f ms after (at most 1.5x = %.0f ms "
                            + "allowed). %s",
                    seed, healthy, slow, slowed, 1.5 * healthy, healthy > 200
                            ? "Even before the slow-down requests waited far longer than the 10 ms they need: they pile "
                                    + "up on one server at a time (herding). Charge each server for the requests it holds"
                            : "The pool has lost only four fifths of one server's capacity; a policy that sees the slow "
                                    + "server's latency sends it just what it can answer quickly. Counting active "
                                    + "requests alone notices too late, when its queue is already long"));
        }
    }

    /**
     * No server gets more than 60% of the requests sent in any one-second window. Counts only for
     * a policy that steers away from the slow server: a random pick never herds, and never notices.
     */
    void assertNoHerding() {
        try {
            assertSlowServerAvoided();
        } catch (AssertionError notSteering) {
            throw new AssertionError(String.format(Locale.ROOT, "seed %d: not herding counts only for a policy that "
                    + "steers by latency, and this one still sent the slow server-%d its share (see the test that it "
                    + "is avoided). Pick by recentLatencyMs() x (active() + 1) first", seed, slow));
        }
        int seconds = (int) (requests.get(requests.size() - 1).createdAt() / Time.SECOND) + 1;
        int[][] perWindow = new int[seconds][servers];
        int[] total = new int[seconds];
        for (int k = 0; k < requests.size(); k++) {
            int window = (int) (requests.get(k).createdAt() / Time.SECOND);
            total[window]++;
            if (picks.get(k) >= 0) {
                perWindow[window][picks.get(k)]++;
            }
        }
        for (int window = 0; window < seconds; window++) {
            for (int i = 0; i < servers; i++) {
                if (total[window] > 0 && perWindow[window][i] > 0.6 * total[window]) {
                    throw new AssertionError(String.format(Locale.ROOT,
                            "seed %d: from t=%d s to %d s server-%d got %d of %d requests (%.0f%%, at most 60%% allowed): "
                                    + "herding. Its average latency looked lowest, so everything went there, and the "
                                    + "average moves only as answers come back. Charge each server for the requests it "
                                    + "already holds, for example recentLatencyMs() x (active() + 1)",
                            seed, window, window + 1, i, perWindow[window][i], total[window],
                            100.0 * perWindow[window][i] / total[window]));
                }
            }
        }
    }
}
