import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.HistogramChart;
import dev.loadbearing.sim.net.HopCounter;
import dev.loadbearing.sim.net.Message;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.node.Churn;
import dev.loadbearing.sim.node.Cluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Chord ring of {@code nodes} ChordNodes (n1, n2, ...) over links of 10-30 ms. Stabilisation
 * (the test's) refreshes each node's table from the live ring every 500 ms, staggered. A client
 * sends 300 lookups for random keys to random live nodes, one every 10 ms from 0.3 s; a lookup
 * unanswered after 0.7 s is sent again to another node if a node that held it has crashed (given up
 * after 2 s). Between 1 s and 3 s, churn fails
 * {@code churnPct}% of the nodes and lets as many join.
 */
final class DhtRun {
    static final long STABILISE = Time.ms(500);
    static final int LOOKUPS = 300;
    static final long RETRY = Time.ms(700);
    static final long GIVE_UP = Time.seconds(2);

    final long seed;
    final int nodes;
    final int churn;
    final String setting;
    private final Sim sim;
    private final Cluster cluster;
    private final TreeMap<Long, String> ring = new TreeMap<>();
    private final List<Long> snapshotTimes = new ArrayList<>();
    private final List<TreeMap<Long, String>> snapshots = new ArrayList<>();
    private final Map<String, Set<String>> everInTable = new HashMap<>();
    private final Map<String, List<String>> currentSuccessors = new HashMap<>();
    private final HopCounter hops;
    private final Map<Long, Integer> logicalOf = new HashMap<>();
    private final Map<Integer, List<String>> heldBy = new HashMap<>();
    private final long[] keys = new long[LOOKUPS];
    private final long[] sentAt = new long[LOOKUPS];
    private final int[] hopsOf = new int[LOOKUPS];
    private final boolean[] answered = new boolean[LOOKUPS];
    private int ok;
    private String violation;
    private boolean attached;

    DhtRun(long seed, int nodes, int churnPct) {
        this.seed = seed;
        this.nodes = nodes;
        this.churn = nodes * churnPct / 100;
        this.setting = String.format(Locale.ROOT, "%d nodes%s", nodes,
                churn == 0 ? "" : String.format(Locale.ROOT, ", %d fail and %d join between 1 s and 3 s", churn, churn));
        sim = new Sim(seed);
        RandomStream random = sim.random("test");
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(10), Time.ms(30)));
        cluster = new Cluster(sim, net).membership(Cluster.Membership.CONTACTS);
        for (int i = 1; i <= nodes; i++) {
            String id = "n" + i;
            cluster.add(id, this::newNode);
        }
        refreshRing();
        if (churn > 0) {
            new Churn(cluster, this::newNode).between(Time.seconds(1), Time.seconds(3))
                    .failures(churn).joins(churn).start();
        }
        sim.every(Time.ms(20), "the ring as it is", this::refreshRing);
        // Stabilisation: every 50 ms, a tenth of the live nodes refresh their tables.
        int[] turn = {0};
        sim.every(STABILISE / 10, "stabilisation", () -> {
            List<String> live = cluster.live();
            for (int i = 0; i < live.size(); i++) {
                if ((Chord.id(live.get(i)) + turn[0]) % 10 == 0) {
                    ChordBase node = cluster.node(live.get(i));
                    node.refresh();
                }
            }
            turn[0]++;
        });
        hops = net.observe(new HopCounter(m -> m.body() instanceof Chord.Lookup l && !m.from().equals("client")
                ? logicalOf.get(l.id()) : null));
        net.observe(new Network.Observer() {
            @Override
            public void delivered(Message m) {
                if (m.body() instanceof Chord.Lookup l && logicalOf.containsKey(l.id())) {
                    heldBy.computeIfAbsent(logicalOf.get(l.id()), k -> new ArrayList<>()).add(m.to());
                }
            }

            @Override
            public void sent(Message m) {
                if (m.body() instanceof Chord.Lookup l && !m.from().equals("client")) {
                    Set<String> table = everInTable.get(m.from());
                    if (table == null || !table.contains(m.to())) {
                        violate(String.format(Locale.ROOT, "at t=%.3f s %s forwarded lookup %d to %s, which was never "
                                + "in its successor list or finger table. A Chord node knows only its table (about "
                                + "log2 N nodes) and forwards only to those: that is what keeps a node's state small "
                                + "as the ring grows", Time.toSeconds(sim.now()), m.from(), l.id(), m.to()));
                    }
                }
            }
        });
        net.register("client", this::answer);
        for (int k = 0; k < LOOKUPS; k++) {
            int index = k;
            keys[k] = random.nextLong() & (Chord.RING - 1);
            sim.at(Time.ms(300) + Time.ms(10) * k, "lookup " + k, () -> ask(index, index + 1L, random));
        }
        sim.runFor(Time.ms(300) + Time.ms(10) * LOOKUPS + GIVE_UP + Time.ms(100));
    }

    private ChordNode newNode() {
        ChordNode node = new ChordNode();
        node.stabilisedBy(this::table);
        return node;
    }

    private void ask(int index, long lookupId, RandomStream random) {
        if (answered[index]) {
            return;
        }
        if (lookupId == index + 1L) {
            sentAt[index] = sim.now();
        }
        if (sim.now() - sentAt[index] >= GIVE_UP) {
            return;
        }
        logicalOf.put(lookupId, index);
        List<String> live = cluster.live();
        String contact = random.pick(live);
        cluster.network().send("client", contact, new Chord.Lookup(lookupId, keys[index]));
        sim.after(RETRY, "retry lookup " + index, () -> {
            // The client asks again only if a node crashed while it held the lookup (or before it
            // arrived): no design can answer then. A lookup sent to a node that was already dead
            // is the forwarder's to recover.
            boolean lost = cluster.state(contact) == Cluster.State.CRASHED;
            for (String node : heldBy.getOrDefault(index, List.of())) {
                lost |= cluster.state(node) == Cluster.State.CRASHED;
            }
            if (lost) {
                ask(index, lookupId + 1_000_000L, random);
            }
        });
    }

    private int version = -1;

    private void refreshRing() {
        int changes = cluster.changes().size();
        if (changes == version) {
            return;
        }
        version = changes;
        ring.clear();
        for (String id : cluster.live()) {
            ring.put(Chord.id(id), id);
        }
        if (snapshots.isEmpty() || !snapshots.get(snapshots.size() - 1).equals(ring)) {
            snapshots.add(new TreeMap<>(ring));
            snapshotTimes.add(sim.now());
        }
    }

    private String successorOf(TreeMap<Long, String> in, long key) {
        Map.Entry<Long, String> e = in.ceilingEntry(key);
        return e != null ? e.getValue() : in.firstEntry().getValue();
    }

    private List<List<String>> table(ChordBase node) {
        String me = node.id();
        if (!ring.containsKey(Chord.id(me))) {
            ring.put(Chord.id(me), me);
        }
        long self = Chord.id(me);
        List<String> successors = new ArrayList<>();
        long at = self;
        for (int i = 0; i < 4 && successors.size() < ring.size() - 1; i++) {
            String next = successorOf(ring, Chord.plus(at, 1));
            successors.add(next);
            at = Chord.id(next);
        }
        List<String> fingers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            fingers.add(successorOf(ring, Chord.plus(self, 1L << i)));
        }
        Set<String> known = everInTable.computeIfAbsent(me, k -> new HashSet<>());
        known.addAll(successors);
        known.addAll(fingers);
        currentSuccessors.put(me, successors);
        return List.of(successors, fingers);
    }

    private void answer(Message message) {
        if (!(message.body() instanceof Chord.Found found)) {
            return;
        }
        Integer index = logicalOf.get(found.id());
        if (index == null || answered[index]) {
            return;
        }
        String by = message.from();
        long key = keys[index];
        List<String> succ = currentSuccessors.getOrDefault(by, List.of());
        boolean reached = heldBy.getOrDefault(index, List.of()).contains(by);
        if (!succ.contains(found.owner()) || !reached) {
            violate(String.format(Locale.ROOT, "at t=%.3f s %s answered lookup %d (key %d) with %s, but %s. The answer "
                    + "comes from the node the lookup reached whose successor owns the key",
                    Time.toSeconds(sim.now()), by, found.id(), key, found.owner(),
                    !reached ? "the lookup never reached " + by : found.owner() + " is not in " + by + "'s successor list"));
            return;
        }
        if (crashedBefore(found.owner(), message.sentAt() - Time.ms(100))) {
            violate(String.format(Locale.ROOT, "at t=%.3f s %s answered lookup %d with %s, which had failed over 100 ms before. Its "
                    + "successor list still named it (stabilisation had not run yet): check that the owner answers "
                    + "(a probe with a timeout) before you name it, and use the next successor if it does not",
                    Time.toSeconds(sim.now()), by, found.id(), found.owner()));
            return;
        }
        if (!ownedRecently(found.owner(), key)) {
            violate(String.format(Locale.ROOT, "at t=%.3f s lookup %d for key %d was answered with %s, but the key's "
                    + "owner (its successor on the ring) is %s. Forward towards the key with the closest preceding "
                    + "finger and answer only when the key lies between you and your successor",
                    Time.toSeconds(sim.now()), found.id(), key, found.owner(), successorOf(ring, key)));
            return;
        }
        answered[index] = true;
        hopsOf[index] = hops.hops(index);
        ok++;
    }

    private boolean crashedBefore(String node, long time) {
        for (Cluster.Change change : cluster.changes()) {
            if (change.node().equals(node) && change.kind() == Cluster.ChangeKind.CRASH && change.time() <= time) {
                return true;
            }
        }
        return false;
    }

    /**
     * The owner was the key's successor at some moment within the last stabilisation interval, or
     * is what a table that old gives once the nodes failed since are skipped (a node that joined
     * since is not known yet: stabilisation will tell).
     */
    private boolean ownedRecently(String owner, long key) {
        long from = sim.now() - STABILISE - Time.ms(100);
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            if (successorOf(snapshots.get(i), key).equals(owner)) {
                return true;
            }
            if (snapshotTimes.get(i) < from) {
                TreeMap<Long, String> old = new TreeMap<>(snapshots.get(i));
                old.values().removeIf(node -> cluster.state(node) != Cluster.State.UP);
                return !old.isEmpty() && successorOf(old, key).equals(owner);
            }
        }
        return false;
    }

    private void violate(String what) {
        if (violation == null) {
            violation = "seed " + seed + " (" + setting + "): " + what;
        }
    }

    double meanHops() {
        long total = 0;
        int count = 0;
        for (int k = 0; k < LOOKUPS; k++) {
            if (answered[k]) {
                total += hopsOf[k];
                count++;
            }
        }
        return count == 0 ? Double.NaN : total / (double) count;
    }

    double bound() {
        return 0.5 * Math.log(nodes) / Math.log(2) + 1;
    }

    void showFigures() {
        if (attached) {
            return;
        }
        attached = true;
        Map<Integer, Integer> distribution = new TreeMap<>();
        for (int k = 0; k < LOOKUPS; k++) {
            if (answered[k]) {
                distribution.merge(hopsOf[k], 1, Integer::sum);
            }
        }
        int max = distribution.isEmpty() ? 0 : ((TreeMap<Integer, Integer>) distribution).lastKey();
        int width = Math.max(1, (max + 40) / 40);
        List<HistogramChart.Bin> bins = new ArrayList<>();
        for (int from = 0; from <= max; from += width) {
            long count = 0;
            for (int h = from; h < from + width; h++) {
                count += distribution.getOrDefault(h, 0);
            }
            bins.add(new HistogramChart.Bin(from, from + width, count));
        }
        Figures.attach(new HistogramChart(String.format(Locale.ROOT, "Hops per answered lookup, %s (seed %d)", setting,
                seed), "hops between nodes", bins, List.of(new HistogramChart.Marker("mean", meanHops()),
                new HistogramChart.Marker("limit: ½ log2 N + 1", bound()))));
        Figures.attach(new BarChart(String.format(Locale.ROOT, "Lookups (seed %d)", seed), "", "% of lookups",
                List.of("answered correctly", "not answered correctly"),
                List.of(100.0 * ok / LOOKUPS, 100.0 * (LOOKUPS - ok) / LOOKUPS)));
    }

    void assertCorrect() {
        if (violation != null) {
            showFigures();
            throw new AssertionError(violation);
        }
        if (ok < LOOKUPS) {
            int first = 0;
            while (answered[first]) {
                first++;
            }
            showFigures();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d (%s): %d of %d lookups were answered correctly within %.0f s (the client asks again after "
                            + "%.1f s only when a node that held the lookup crashed); lookup %d for key %d, first sent at %.3f s, never was%s.%s",
                    seed, setting, ok, LOOKUPS, Time.toSeconds(GIVE_UP), Time.toSeconds(RETRY), first, keys[first],
                    Time.toSeconds(sentAt[first]), hops.hops(first) > 0
                            ? " (its path: " + String.join(" -> ", hops.path(first).subList(0,
                                    Math.min(12, hops.path(first).size()))) + (hops.path(first).size() > 12 ? " ..." : "") + ")"
                            : "", hops.hops(first) > 2 * bound()
                            ? String.format(Locale.ROOT, " It had taken %d hops: walking the ring takes about N/2 hops of "
                            + "10-30 ms each. Forward to the closest preceding finger instead, the farthest finger "
                            + "that does not pass the key", hops.hops(first))
                            : hops.hops(first) == 0
                            ? " It reached its first node and went no further: a node that gets a Lookup either answers "
                            + "it (when the key is in (self, successor], the successor owns it: send(\"client\", new "
                            + "Chord.Found(id, successor))) or forwards it to a node closer to the key"
                            : churn == 0
                            ? " No node failed in this run, so the lookup was dropped or answered wrongly by a node: "
                            + "check the owner test (Chord.between(key, self, successor)) and that every node either "
                            + "answers or forwards"
                            : " A node that forwards to a failed node hears nothing back: wait for an acknowledgement "
                            + "with a timeout, and when it does not come, try your next best finger or successor"));
        }
    }

    void assertHops() {
        double mean = meanHops();
        if (!(mean <= bound())) {
            showFigures();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d (%s): a lookup took %.1f hops on average; Chord's finger tables need at most ½ log2 N + 1 = "
                            + "%.1f. %s",
                    seed, setting, mean, bound(), mean > nodes / 8.0
                            ? "Walking the successors takes about N/2 hops: forward instead to the closest preceding "
                            + "finger, the farthest finger that does not pass the key, which halves the distance left."
                            : "Forward to the farthest finger that does not pass the key (scan the fingers from the "
                            + "last), not to the first one that does not."));
        }
    }

    String summary() {
        return String.format(Locale.ROOT, "seed %d %s: %d/%d ok, mean hops %.2f (bound %.2f) %s", seed, setting, ok,
                LOOKUPS, meanHops(), bound(), violation == null ? "" : violation);
    }
}
