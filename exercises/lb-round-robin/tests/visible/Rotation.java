import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.workload.Workload;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a load balancer over a pool of identical servers, records every pick, and checks the
 * round-robin properties with messages that say what went wrong.
 */
final class Rotation {
    final long seed;
    final int servers;
    final LoadBalancerReport report;
    /** The backend index each request was sent to, in order; -1 when the policy returned null. */
    final List<Integer> picks = new ArrayList<>();
    /** The virtual time of each pick, in nanoseconds. */
    final List<Long> times = new ArrayList<>();

    private Rotation(long seed, int servers, int requests, LoadBalancer policy, Consumer<LoadBalancerScenario> faults) {
        this.seed = seed;
        this.servers = servers;
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        scenario.addServers(servers, server -> server.workers(4)
                .serviceTime(Distribution.exponential(Time.ms(10))));
        faults.accept(scenario);
        LoadBalancer recording = (request, backends) -> {
            Backend chosen = policy.pick(request, backends);
            picks.add(chosen == null ? -1 : chosen.index());
            times.add(scenario.sim().now());
            return chosen;
        };
        // Half the pool's capacity (4 workers x 100 requests/s per server).
        report = scenario.run(recording, Workload.openLoop(200.0 * servers).limit(requests));
        Figure perServer = report.figures().get(0);
        Figures.attach(perServer);
    }

    static Rotation run(LoadBalancer policy, long seed, int servers, int requests) {
        return new Rotation(seed, servers, requests, policy, scenario -> {});
    }

    static Rotation run(LoadBalancer policy, long seed, int servers, int requests, Consumer<LoadBalancerScenario> faults) {
        return new Rotation(seed, servers, requests, policy, faults);
    }

    /** Fails unless every server's share is 1/n within one percentage point. */
    void assertEvenShares() {
        double fair = 100.0 / servers;
        for (int i = 0; i < servers; i++) {
            String name = "server-" + i;
            double share = 100 * report.share(name);
            if (Math.abs(share - fair) > 1) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: %s got %.0f%% of requests; round robin gives each of %d servers %.0f%% ± 1",
                        seed, name, share, servers, fair));
            }
        }
    }

    /**
     * Fails unless, at every moment from request {@code from} on, the servers in {@code among}
     * have received numbers of requests within one of each other: they take turns.
     */
    void assertTakesTurns(int from, List<Integer> among, String when) {
        assertTakesTurns(from, picks.size(), among, when);
    }

    /** The same for the requests from {@code from} up to (not including) {@code to}. */
    void assertTakesTurns(int from, int to, List<Integer> among, String when) {
        long[] counts = new long[servers];
        for (int k = from; k < to; k++) {
            int pick = picks.get(k);
            if (pick < 0) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: request %d%s got no server (pick returned null) although %d servers were up",
                        seed, k + 1, when, among.size()));
            }
            if (!among.contains(pick)) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: request %d%s went to server-%d, which was down; skip servers whose healthy() is false",
                        seed, k + 1, when, pick));
            }
            counts[pick]++;
            int most = among.get(0);
            int least = among.get(0);
            for (int i : among) {
                if (counts[i] > counts[most]) {
                    most = i;
                }
                if (counts[i] < counts[least]) {
                    least = i;
                }
            }
            if (counts[most] - counts[least] > 1) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: after %d requests%s server-%d had received %d and server-%d only %d; "
                                + "round robin keeps every server within one request of the others at all times",
                        seed, k - from + 1, when, most, counts[most], least, counts[least]));
            }
        }
    }

    /** Fails if any request was refused by a server that was down, or found no server although some were up. */
    void assertNoRequestSentToADownServer(String when) {
        Long refused = report.errors().get("refused: server down");
        Long none = report.errors().get("no backend available");
        if (refused != null || none != null) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: %s%s: %d requests were sent to a server that was down and %d got no server at all",
                    seed, "requests failed", when, refused == null ? 0 : refused, none == null ? 0 : none));
        }
    }

    /** Every server, 0 to n - 1. */
    List<Integer> all() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            all.add(i);
        }
        return all;
    }

    /** The index of the first request picked at or after a time. */
    int firstAt(long time) {
        for (int k = 0; k < times.size(); k++) {
            if (times.get(k) >= time) {
                return k;
            }
        }
        return times.size();
    }
}
