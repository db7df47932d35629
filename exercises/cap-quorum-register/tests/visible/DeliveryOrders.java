import dev.loadbearing.sim.check.CheckResult;
import dev.loadbearing.sim.check.Linearizability;
import dev.loadbearing.sim.check.Models;
import dev.loadbearing.sim.check.OperationHistory;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.node.Cluster;
import dev.loadbearing.sim.node.DeliverySearch;
import dev.loadbearing.sim.node.Invariant;
import dev.loadbearing.sim.node.KvClient;
import dev.loadbearing.sim.node.SearchResult;
import java.time.Duration;
import java.util.Locale;

/**
 * Small cases tried in the orders the network could deliver their messages: three QuorumRegister
 * nodes (W=2, R=2) and two clients, no partition, no timers: messages only arrive in any order,
 * at the same instant. After every delivery the history so
 * far must be linearizable.
 *
 * <ul>
 *   <li>{@link #oneWriteThenARead}: c1 puts x=1 through n1; once it is acknowledged, c2 gets x
 *       through n2. Every order, breadth first, up to a bound on the steps.</li>
 *   <li>{@link #twoWritersAndTheirReads}: c1 puts x=1 through n3; once it is acknowledged, c1
 *       gets x through n2 and then through n3, while c2 puts x=2 through n1 and then gets x
 *       through n2. Too many orders to try them all: random orders, each to its end.</li>
 * </ul>
 */
final class DeliveryOrders {
    static final int NODES = 3;

    /** What the invariant reads: the clients' history (checked again only when it grew). */
    static final class World {
        final Cluster cluster;
        final OperationHistory.Builder history;
        private int checkedSize = -1;
        private CheckResult checked;

        World(Cluster cluster, OperationHistory.Builder history) {
            this.cluster = cluster;
            this.history = history;
        }

        OperationHistory.Builder history() {
            return history;
        }

        CheckResult check() {
            OperationHistory h = history.build();
            if (h.size() != checkedSize) {
                checked = Linearizability.check(h, Models.keyValue());
                checkedSize = h.size();
            }
            return checked;
        }
    }

    private static World cluster(Cluster cluster) {
        for (int i = 1; i <= NODES; i++) {
            cluster.add("n" + i, () -> new QuorumRegister(2, 2));
        }
        return new World(cluster, OperationHistory.builder(cluster.sim()::now));
    }

    static final String ONE_WRITE = "c1 puts x=1 through n1, then c2 gets x through n2";
    static final String TWO_WRITERS = "c1 puts x=1 through n3; once it is acknowledged, c1 gets x through n2 "
            + "and then n3 while c2 puts x=2 through n1 and then gets x through n2";

    static DeliverySearch<World> oneWriteThenARead() {
        return rules(DeliverySearch.of(1, c -> {
            World w = cluster(c);
            KvClient c1 = new KvClient(c, "c1", w.history()).timeout(Time.ms(400));
            KvClient c2 = new KvClient(c, "c2", w.history()).timeout(Time.ms(400));
            c1.put("n1", "x", "1", () -> c2.get("n2", "x", null));
            return w;
        }));
    }

    static DeliverySearch<World> twoWritersAndTheirReads() {
        return rules(DeliverySearch.of(1, c -> {
            World w = cluster(c);
            KvClient c1 = new KvClient(c, "c1", w.history()).timeout(Time.ms(400));
            KvClient c2 = new KvClient(c, "c2", w.history()).timeout(Time.ms(400));
            c1.put("n3", "x", "1", () -> {
                c1.get("n2", "x", () -> c1.get("n3", "x", null));
                c2.put("n1", "x", "2", () -> c2.get("n2", "x", null));
            });
            return w;
        }));
    }

    private static DeliverySearch<World> rules(DeliverySearch<World> search) {
        return search.invariant(Invariant.of("the history so far is linearizable", w -> w.check().isLinearizable(),
                        w -> w.check().toString().strip().replace("\n", "\n      ")))
                .state(w -> w.history().build().events())
                .timers(false)
                .maxStates(60_000)
                .timeLimit(Duration.ofMillis(2000));
    }

    static void assertNoOrderBreaksIt(String scenario, SearchResult<World> result) {
        if (result.violated()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "3 nodes (W=2, R=2), no partition, %s. The search over delivery orders found one after "
                            + "which the clients' history is not linearizable. Each step is one message arriving "
                            + "(time stands still; any message may be delayed past any other):%n%s%n"
                            + "Follow the steps through your code: which replica answered from a copy that was "
                            + "behind, which operation was acknowledged before a quorum had it, or which read "
                            + "returned a value without storing it back first?",
                    scenario, result));
        }
        if (!result.passed()) {
            throw new AssertionError(String.format(Locale.ROOT, "3 nodes (W=2, R=2), %s: the search over delivery "
                    + "orders did not finish within its budget: %s Does every message you send serve a purpose? A "
                    + "node that answers each message with several new ones makes the orders grow too fast to check",
                    scenario, result));
        }
    }
}
