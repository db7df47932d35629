import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.scenario.LoadBalancerReport;
import dev.loadbearing.sim.scenario.LoadBalancerScenario;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * 2,000 clients through two instances of a hash policy (even requests through one, odd through
 * the other, as two balancers behind one address), into servers of 4 workers at 70% load for
 * 10 s; optionally one server leaves the pool at 5 s. Records which server each IP went to.
 */
final class Affinity {
    static final long CHANGE = Time.seconds(5);

    final long seed;
    final int servers;
    final String removed;
    final LoadBalancerReport report;
    /** Per balancer (0 and 1), per IP, the servers its requests went to before the change, with counts. */
    private final List<Map<String, Map<String, Integer>>> before = List.of(new HashMap<>(), new HashMap<>());
    private final Map<String, Map<String, Integer>> after = new HashMap<>();

    Affinity(Supplier<LoadBalancer> policy, long seed, int servers, int removeIndex, double hotShare) {
        this.seed = seed;
        this.servers = servers;
        LoadBalancerScenario scenario = new LoadBalancerScenario(seed);
        scenario.addServers(servers, server -> server.workers(4));
        removed = removeIndex < 0 ? null : scenario.server(removeIndex).name();
        if (removeIndex >= 0) {
            scenario.removeServerAt(CHANGE, removeIndex);
        }
        LoadBalancer[] balancers = {policy.get(), policy.get()};
        LoadBalancer recording = (request, backends) -> {
            int which = (int) (request.id() % 2);
            Backend chosen = balancers[which].pick(request, backends);
            String name = chosen == null ? "no server" : chosen.name();
            Map<String, Map<String, Integer>> log = scenario.sim().now() < CHANGE || removed == null ? before.get(which) : after;
            log.computeIfAbsent(request.clientIp(), ip -> new LinkedHashMap<>()).merge(name, 1, Integer::sum);
            return chosen;
        };
        Workload workload = Workload.openLoop(0.7 * 400 * servers).clients(2_000, 0).hotClient(hotShare);
        report = scenario.run(recording, workload, Time.seconds(10));
        // Requests per server; with a removal, the timeline that shows when the server left.
        Figures.attach(report.figures().get(removed == null ? 0 : 4));
    }

    /** Fails unless, while membership was stable, every IP went to one server, the same through both balancers. */
    void assertSticky() {
        for (int which = 0; which < 2; which++) {
            for (Map.Entry<String, Map<String, Integer>> entry : before.get(which).entrySet()) {
                if (entry.getValue().size() > 1) {
                    throw new AssertionError(String.format(Locale.ROOT,
                            "seed %d: with the pool unchanged, client %s was sent to %s by the same balancer; IP hash "
                                    + "sends a client to the same server every time, so a session or a warm cache stays "
                                    + "where it is: the choice must depend only on the IP and the servers",
                            seed, entry.getKey(), entry.getValue().keySet()));
                }
            }
        }
        for (Map.Entry<String, Map<String, Integer>> entry : before.get(0).entrySet()) {
            Map<String, Integer> other = before.get(1).get(entry.getKey());
            if (other != null && !other.keySet().equals(entry.getValue().keySet())) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: two balancers behind the same address sent client %s to different servers (%s and %s). "
                                + "Real deployments run several balancer instances that share nothing, so a table of who "
                                + "went where is not enough: compute the server from a hash of the IP and the servers",
                        seed, entry.getKey(), entry.getValue().keySet(), other.keySet()));
            }
        }
    }

    /** Fails unless at most 1.25/n of the clients seen before and after the removal changed server. */
    void assertFewClientsMoved() {
        int seen = 0;
        int moved = 0;
        int movedFromSurvivors = 0;
        Map<String, Map<String, Integer>> merged = new HashMap<>(before.get(0));
        before.get(1).forEach((ip, counts) -> merged.merge(ip, counts, (a, b) -> a));
        for (Map.Entry<String, Map<String, Integer>> entry : after.entrySet()) {
            Map<String, Integer> earlier = merged.get(entry.getKey());
            if (earlier == null) {
                continue;
            }
            seen++;
            String was = earlier.keySet().iterator().next();
            if (!entry.getValue().keySet().equals(earlier.keySet())) {
                moved++;
                movedFromSurvivors += was.equals(removed) ? 0 : 1;
            }
        }
        double share = 100.0 * moved / seen;
        double limit = 125.0 / servers;
        if (share > limit) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: when %s left the pool of %d, %.0f%% of clients moved to another server (at most %.0f%% "
                            + "allowed); %d of the %d that moved had been on servers that stayed. Only the clients of the "
                            + "server that left have to move, about 1/%d of them. With hash mod n the server changes for "
                            + "almost every client when n changes, because the remainder of dividing by %d has little to do with the "
                            + "remainder of dividing by %d. Rank the servers per client by a hash of (IP, server name), or "
                            + "place servers on a hash ring, so a server leaving changes only its own clients' choice; "
                            + "identify servers by name(): the index() of the servers after one that leaves shifts down",
                    seed, removed, servers, share, limit, movedFromSurvivors, moved, servers, servers, servers - 1));
        }
    }

    /** Fails unless the busiest server got at most {@code limit} × the mean, and most clients kept one server. */
    void assertBoundedLoad(double limit) {
        long busiest = report.requestsPerServer().values().stream().mapToLong(Long::longValue).max().orElse(0);
        double mean = report.requests() / (double) servers;
        if (busiest > limit * mean) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: one client IP (a NAT gateway) sends 30%% of the traffic, and the busiest server got %.2fx "
                            + "the mean (at most %.2fx allowed): %s. With a load bound, a server already holding more than "
                            + "bound x the average active requests is skipped for the client's next choice",
                    seed, busiest / mean, limit, report.requestsPerServer()));
        }
        long kept = 0;
        long total = 0;
        for (Map.Entry<String, Map<String, Integer>> entry : before.get(0).entrySet()) {
            if (!entry.getKey().equals("10.0.0.0")) {
                int most = entry.getValue().values().stream().mapToInt(Integer::intValue).max().orElse(0);
                kept += most;
                total += entry.getValue().values().stream().mapToInt(Integer::intValue).sum();
            }
        }
        if (kept < 0.6 * total) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: the load is even, but only %.0f%% of the other clients' requests went to their usual server "
                            + "(at least 60%% expected): skip a client's first choice only while it is over the bound",
                    seed, 100.0 * kept / total));
        }
    }
}
