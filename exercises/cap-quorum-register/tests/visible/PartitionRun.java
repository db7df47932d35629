import dev.loadbearing.sim.check.CheckResult;
import dev.loadbearing.sim.check.Linearizability;
import dev.loadbearing.sim.check.Models;
import dev.loadbearing.sim.check.Operation;
import dev.loadbearing.sim.check.OperationHistory;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.Timeline;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.node.Cluster;
import dev.loadbearing.sim.node.KvClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A register replicated on {@code nodes} QuorumRegister nodes (n1, n2, ...), each with clients
 * next to it (c1a, c1b talk to n1, ...) that get and put keys x and y back to back. Each link
 * between two nodes takes from 2 ms to 8, 15 or 40 ms (chosen per link from the seed). Optionally a partition cuts a minority of the nodes, with their clients,
 * off from the rest for a while and then heals. Which nodes, when and for how long come from the
 * seed.
 */
final class PartitionRun {
    static final long CLIENT_TIMEOUT = Time.ms(400);

    final long seed;
    final int nodes;
    final int writeQuorum;
    final int readQuorum;
    final List<String> minority = new ArrayList<>();
    final long cutAt;
    final long healAt;
    final boolean partitioned;
    private final Sim sim;
    private final Cluster cluster;
    private final OperationHistory history;
    private final List<String> clientHome = new ArrayList<>();
    private final List<String> clientNames = new ArrayList<>();
    private boolean attached;

    PartitionRun(long seed, int nodes, int writeQuorum, int readQuorum, boolean partitioned, double duplicate) {
        this.seed = seed;
        this.nodes = nodes;
        this.writeQuorum = writeQuorum;
        this.readQuorum = readQuorum;
        this.partitioned = partitioned;
        this.sim = new Sim(seed);
        RandomStream random = sim.random("test");
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(2), Time.ms(12))).duplicate(duplicate);
        cluster = new Cluster(sim, net);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            String id = "n" + i;
            ids.add(id);
            cluster.add(id, () -> new QuorumRegister(writeQuorum, readQuorum));
        }
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                int slowest = List.of(8, 15, 40).get(random.nextInt(3));
                net.link(ids.get(i), ids.get(j)).latency(Distribution.uniform(Time.ms(2), Time.ms(slowest)));
            }
        }
        List<String> shuffled = new ArrayList<>(ids);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        minority.addAll(shuffled.subList(0, (nodes - 1) / 2));
        minority.sort(null);
        cutAt = Time.ms(700 + random.nextInt(600));
        healAt = cutAt + Time.ms(1500 + random.nextInt(1000));
        long stopAt = healAt + Time.ms(1200);

        OperationHistory.Builder builder = OperationHistory.builder(sim::now);
        int perNode = nodes <= 3 ? 2 : 1;
        List<String> majoritySide = new ArrayList<>();
        List<String> minoritySide = new ArrayList<>();
        for (String node : ids) {
            (minority.contains(node) ? minoritySide : majoritySide).add(node);
            for (int k = 0; k < perNode; k++) {
                String name = "c" + node.substring(1) + (char) ('a' + k);
                clientNames.add(name);
                clientHome.add(node);
                (minority.contains(node) ? minoritySide : majoritySide).add(name);
                net.link(name, node).latency(Time.ms(1));
                KvClient client = new KvClient(cluster, name, builder).timeout(CLIENT_TIMEOUT);
                int[] written = {0};
                Runnable[] next = new Runnable[1];
                next[0] = () -> {
                    if (sim.now() >= stopAt) {
                        return;
                    }
                    String key = random.chance(0.5) ? "x" : "y";
                    Runnable then = () -> sim.after(Time.ms(random.nextInt(10)), name + " thinks", next[0]);
                    if (random.chance(0.5)) {
                        client.put(node, key, name + "-" + (++written[0]), then);
                    } else {
                        client.get(node, key, then);
                    }
                };
                sim.after(Time.ms(random.nextInt(20)), name + " starts", next[0]);
            }
        }
        if (partitioned) {
            sim.at(cutAt, "partition", () -> net.partition(List.of(majoritySide, minoritySide)));
            sim.at(healAt, "heal", net::heal);
        }
        sim.runFor(stopAt + Time.seconds(1));
        history = builder.build();
    }

    private String home(String client) {
        return clientHome.get(clientNames.indexOf(client));
    }

    private boolean onMinority(Operation op) {
        return partitioned && minority.contains(home(op.process()));
    }

    private long invokedAt(Operation op) {
        return history.events().get(op.invokedAt()).time();
    }

    private long completedAt(Operation op) {
        return op.completedAt() < 0 ? Long.MAX_VALUE : history.events().get(op.completedAt()).time();
    }

    private boolean ok(Operation op) {
        return op.outcome() == OperationHistory.Type.OK;
    }

    private boolean duringPartition(Operation op) {
        return partitioned && invokedAt(op) >= cutAt && invokedAt(op) < healAt;
    }

    private String describe() {
        return partitioned
                ? String.format(Locale.ROOT, "%d nodes, W=%d, R=%d, %s cut off from %.2f s to %.2f s", nodes,
                        writeQuorum, readQuorum, minority, Time.toSeconds(cutAt), Time.toSeconds(healAt))
                : String.format(Locale.ROOT, "%d nodes, W=%d, R=%d, no partition", nodes, writeQuorum, readQuorum);
    }

    private double share(List<Operation> ops) {
        return ops.isEmpty() ? 1 : ops.stream().filter(this::ok).count() / (double) ops.size();
    }

    void showFigures() {
        showFigures(partitioned ? cutAt - Time.ms(300) : 0, Time.ms(900), "");
    }

    /** Attaches a timeline of {@code length} from {@code from} and the per-side bar chart, once per run. */
    private void showFigures(long from, long length, String note) {
        if (attached) {
            return;
        }
        attached = true;
        double start = Time.toSeconds(Math.max(0, from));
        double end = start + Time.toSeconds(length);
        Timeline full = history.timeline("", cluster.bands());
        List<Timeline.Span> spans = full.spans().stream()
                .filter(span -> span.start() >= start && span.start() < end).limit(200).toList();
        List<Band> bands = full.bands().stream().filter(band -> band.end() > start && band.start() < end)
                .map(band -> new Band(Math.max(start, band.start()), Math.min(end, band.end()),
                        "partition: " + minority + " cut off")).toList();
        List<String> lanes = new ArrayList<>(clientNames);
        Timeline timeline = new Timeline(String.format(Locale.ROOT,
                "Gets and puts from %.2f s to %.2f s, by client (seed %d, %s)%s", start, end, seed, describe(), note),
                lanes, spans, bands);
        List<Operation> ops = history.operations();
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        if (partitioned) {
            labels.add("majority, during the cut");
            values.add(100 * share(ops.stream().filter(o -> duringPartition(o) && !onMinority(o)).toList()));
            labels.add("minority, during the cut");
            values.add(100 * share(ops.stream().filter(o -> duringPartition(o) && onMinority(o)).toList()));
        }
        labels.add(partitioned ? "everyone, outside the cut" : "everyone");
        values.add(100 * share(ops.stream().filter(o -> !duringPartition(o) && !nearCut(o)).toList()));
        Figures.attach(timeline, new BarChart(String.format(Locale.ROOT,
                "Operations answered ok, per side of the partition (seed %d)", seed), "clients", "answered ok (%)",
                labels, values));
    }

    /** Invoked just before the cut or just after the heal: such an operation may span the change. */
    private boolean nearCut(Operation op) {
        long at = invokedAt(op);
        return partitioned && ((at < cutAt && at >= cutAt - CLIENT_TIMEOUT) || (at >= healAt && at < healAt + Time.ms(200)));
    }

    /** The history checker finds one order of all operations that fits real time and a register. */
    void assertLinearizable() {
        CheckResult result = Linearizability.check(history, Models.keyValue());
        if (!result.isLinearizable()) {
            if (!result.unplaced().isEmpty()) {
                Operation stuck = result.unplaced().get(0);
                showFigures(invokedAt(stuck) - Time.ms(200), Time.ms(400), String.format(Locale.ROOT,
                        ": the checker is stuck at %s, started at %.3f s", stuck, Time.toSeconds(invokedAt(stuck))));
            }
            showFigures();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d (%s): the history of %d operations is not linearizable: no single order of them "
                            + "respects both real time and what a register returns. Usual causes: a read answered from "
                            + "one replica's copy (it may be behind), a write acknowledged before writeQuorum replicas "
                            + "stored it, a write stamped with a timestamp that is not higher than every one a read "
                            + "quorum knows, a read that returns a value without storing it back on a write quorum "
                            + "(a later read could then still see the older one), or a fail for a write that some replica had already stored (fail means it certainly had no effect).%n%s",
                    seed, describe(), history.operations().size(), result));
        }
    }

    /** Clients cut off with a minority of nodes get no ok while the partition lasts. */
    void assertMinorityRefuses() {
        List<Operation> acked = history.operations().stream()
                .filter(o -> onMinority(o) && duringPartition(o) && ok(o) && completedAt(o) < healAt).toList();
        if (!acked.isEmpty()) {
            showFigures();
            long writes = acked.stream().filter(o -> !o.f().equals("get")).count();
            Operation first = acked.get(0);
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d (%s): clients on the minority side got %d writes and %d reads answered ok while cut "
                            + "off, the first %s at t=%.3f s. A node on the minority side cannot reach a quorum "
                            + "(%d of %d nodes; count distinct replicas, since the network may deliver a message twice), so it cannot know whether the majority has written since: a CP system "
                            + "answers fail (or nothing) there, it never says ok.",
                    seed, describe(), writes, acked.size() - writes, first, Time.toSeconds(invokedAt(first)),
                    minority.size(), nodes));
        }
    }

    /** Clients with the majority, and everyone when the network is whole, are answered ok. */
    void assertAvailable(double atLeast) {
        List<Operation> ops = history.operations();
        List<Operation> majority = ops.stream().filter(o -> duringPartition(o) && !onMinority(o)).toList();
        List<Operation> whole = ops.stream().filter(o -> !duringPartition(o) && !nearCut(o)).toList();
        double majorityShare = share(majority);
        double wholeShare = share(whole);
        if (wholeShare < atLeast || majorityShare < atLeast) {
            showFigures();
            boolean duringCut = majorityShare < atLeast;
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d (%s): %s, %.1f%% of %d operations were answered ok; at least %.0f%% must be. %s",
                    seed, describe(), duringCut ? "on the majority side during the partition" : "while the network was whole",
                    100 * (duringCut ? majorityShare : wholeShare), duringCut ? majority.size() : whole.size(),
                    100 * atLeast, duringCut
                            ? "A majority can still form a quorum: send each query and store to every peer and go on "
                                    + "as soon as enough of them answer, instead of waiting for particular nodes or for all"
                            : "Refusing is right only when no quorum answers. Count your own copy as one of the quorum, "
                                    + "answer ok once writeQuorum (or readQuorum) replicas answered, and keep several "
                                    + "operations apart: two clients may ask one node at once"));
        }
    }

    int operations() {
        return history.operations().size();
    }
}
