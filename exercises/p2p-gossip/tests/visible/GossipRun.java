import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.HistogramChart;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.net.Message;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.node.Cluster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A broadcast run: {@code nodes} GossipNodes (n1, n2, ...) over links of about 100 ms; clients
 * hand new random values to random nodes at {@code rate} per second (Poisson) for
 * {@code seconds}; optional partitions split the nodes in two and heal; optional loss. Then
 * a quiet period with no new values.
 *
 * <p>The run watches every message to count them and to know what each node could have learnt:
 * a node may deliver a value only if a chain of messages carried it there from the node the
 * client handed it to.
 */
final class GossipRun {
    static final long START = Time.ms(200);

    final long seed;
    final int nodes;
    final double rate;
    final String setting;
    final long stopAt;
    final long endAt;
    private final Sim sim;
    private final Cluster cluster;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final List<long[]> cuts = new ArrayList<>();
    private final List<String> cutNames = new ArrayList<>();
    /** Per value index: when broadcast, to which node, how many nodes have it, when the last got it. */
    private final List<Integer> values = new ArrayList<>();
    private final Map<Integer, Integer> valueIndex = new HashMap<>();
    private final List<Long> broadcastAt = new ArrayList<>();
    private final List<Integer> originOf = new ArrayList<>();
    private final List<Integer> holders = new ArrayList<>();
    private final List<Long> lastAt = new ArrayList<>();
    private final BitSet[] knows;
    private final BitSet[] shared;
    private final Map<Long, BitSet> carried = new HashMap<>();
    private final List<double[]> coverage = new ArrayList<>();
    private long nodeMessages;
    private int complete;
    private String cheat;
    private boolean attached;
    private double budgetShown = 30;

    GossipRun(long seed, int nodes, double rate, double seconds, int partitions, double loss, boolean jitter,
            boolean skewed) {
        this.seed = seed;
        this.nodes = nodes;
        this.rate = rate;
        this.sim = new Sim(seed);
        RandomStream random = sim.random("test");
        Network net = new Network(sim);
        net.defaults().latency(jitter ? Distribution.uniform(Time.ms(95), Time.ms(105)) : Distribution.constant(Time.ms(100)))
                .loss(loss);
        cluster = new Cluster(sim, net);
        knows = new BitSet[nodes];
        shared = new BitSet[nodes];
        for (int i = 0; i < nodes; i++) {
            String id = "n" + (i + 1);
            ids.add(id);
            indexOf.put(id, i);
            knows[i] = new BitSet();
            cluster.add(id, () -> {
                GossipNode node = new GossipNode();
                node.watchDeliveries(this::delivered);
                return node;
            });
        }
        net.observe(new Network.Observer() {
            @Override
            public void sent(Message message) {
                Integer from = indexOf.get(message.from());
                if (from == null) {
                    return;
                }
                nodeMessages++;
                if (shared[from] == null) {
                    shared[from] = (BitSet) knows[from].clone();
                }
                carried.put(message.id(), shared[from]);
            }

            @Override
            public void delivered(Message message) {
                Integer to = indexOf.get(message.to());
                BitSet what = carried.get(message.id());
                if (to != null && what != null) {
                    knows[to].or(what);
                    shared[to] = null;
                }
            }
        });

        stopAt = START + Time.seconds(seconds);
        long at = START + Time.ms(300 + random.nextInt(700));
        for (int k = 0; k < partitions; k++) {
            List<String> shuffled = new ArrayList<>(ids);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
            }
            int small = 1 + random.nextInt(nodes / 2);
            List<String> a = new ArrayList<>(shuffled.subList(0, small));
            List<String> b = new ArrayList<>(shuffled.subList(small, nodes));
            a.sort(null);
            long heal = at + Time.ms(1000 + random.nextInt(1500));
            cuts.add(new long[] {at, heal});
            cutNames.add(a.size() == 1 ? a.get(0) + " cut off" : a.size() + " nodes cut off");
            sim.at(at, "partition", () -> net.partition(List.of(a, b)));
            sim.at(heal, "heal", net::heal);
            at = heal + Time.ms(500 + random.nextInt(500));
        }
        long lastHeal = cuts.isEmpty() ? 0 : cuts.get(cuts.size() - 1)[1];
        long quietFrom = Math.max(stopAt, lastHeal);
        endAt = quietFrom + Time.seconds(3);
        this.setting = String.format(Locale.ROOT, "%d nodes, %.0f values/s for %.1f s%s%s%s", nodes, rate, seconds,
                jitter ? ", links 95-105 ms" : ", links 100 ms", loss > 0 ? String.format(Locale.ROOT,
                        ", %.0f%% of messages lost", 100 * loss) : "", skewed ? ", half the values to n1" : "");

        // Clients: Poisson arrivals of fresh random values, each to a random node.
        long t = START;
        java.util.Set<Integer> used = new java.util.HashSet<>();
        while (true) {
            t += Distribution.exponential(Time.seconds(1) / rate).sampleNanos(random);
            if (t >= stopAt) {
                break;
            }
            int value;
            do {
                value = random.nextInt(1_000_000);
            } while (!used.add(value));
            int origin = skewed && random.chance(0.5) ? 0 : random.nextInt(nodes);
            int index = values.size();
            values.add(value);
            valueIndex.put(value, index);
            broadcastAt.add(t);
            originOf.add(origin);
            holders.add(0);
            lastAt.add(-1L);
            int v = value;
            sim.at(t, "a client hands " + value + " to " + ids.get(origin), () -> {
                knows[origin].set(index);
                shared[origin] = null;
                GossipNode node = cluster.node(ids.get(origin));
                node.clientBroadcast(v);
            });
        }
        sim.every(Time.ms(50), "coverage", () -> coverage.add(new double[] {Time.toSeconds(sim.now()),
                countBroadcast(), complete}));
        sim.runFor(endAt);
    }

    private int countBroadcast() {
        int n = 0;
        while (n < broadcastAt.size() && broadcastAt.get(n) <= sim.now()) {
            n++;
        }
        return n;
    }

    private void delivered(String node, int value) {
        Integer index = valueIndex.get(value);
        int at = indexOf.get(node);
        if (index == null || broadcastAt.get(index) > sim.now()) {
            cheat(String.format(Locale.ROOT, "at t=%.3f s %s delivered %d, which no client had broadcast in this run (a static field shares memory between nodes, and even between runs)", 
                    Time.toSeconds(sim.now()), node, value));
            return;
        }
        if (!knows[at].get(index)) {
            cheat(String.format(Locale.ROOT,
                    "at t=%.3f s %s delivered %d, but no chain of messages had carried it there from %s, which a "
                            + "client handed it to at %.3f s. Nodes share nothing but messages: a static field is "
                            + "memory every node in this JVM sees, which real machines do not have",
                    Time.toSeconds(sim.now()), node, value, ids.get(originOf.get(index)),
                    Time.toSeconds(broadcastAt.get(index))));
            return;
        }
        int count = holders.get(index) + 1;
        holders.set(index, count);
        lastAt.set(index, sim.now());
        if (count == nodes) {
            complete++;
        }
    }

    private void cheat(String what) {
        if (cheat == null) {
            cheat = "seed " + seed + " (" + setting + "): " + what;
        }
    }

    private boolean duringCut(long time) {
        for (long[] cut : cuts) {
            if (time >= cut[0] && time < cut[1]) {
                return true;
            }
        }
        return false;
    }

    double messagesPerBroadcast() {
        return values.isEmpty() ? 0 : nodeMessages / (double) values.size();
    }

    /** Milliseconds from broadcast to the last node, for every value every node got, sorted. */
    double[] latenciesMs() {
        List<Double> list = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (holders.get(i) == nodes) {
                list.add((lastAt.get(i) - broadcastAt.get(i)) / 1e6);
            }
        }
        double[] sorted = list.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    static double median(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    void showFigures() {
        if (attached) {
            return;
        }
        attached = true;
        List<Band> bands = new ArrayList<>();
        for (int k = 0; k < cuts.size(); k++) {
            bands.add(new Band(Time.toSeconds(cuts.get(k)[0]), Time.toSeconds(cuts.get(k)[1]),
                    "partition: " + cutNames.get(k)));
        }
        List<Double> seconds = new ArrayList<>();
        List<Double> sent = new ArrayList<>();
        List<Double> everywhere = new ArrayList<>();
        int step = Math.max(1, coverage.size() / 400);
        for (int i = 0; i < coverage.size(); i += step) {
            seconds.add(coverage.get(i)[0]);
            sent.add(coverage.get(i)[1]);
            everywhere.add(coverage.get(i)[2]);
        }
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "Values broadcast so far, and values every one of the %d nodes has (seed %d)", nodes, seed),
                "values", List.of(new TimeSeriesChart.Series("broadcast", seconds, sent),
                        new TimeSeriesChart.Series("on every node", seconds, everywhere)), bands));
        double[] latencies = latenciesMs();
        if (latencies.length > 0) {
            double width = 50;
            double top = Math.max(650, latencies[latencies.length - 1] + width);
            List<HistogramChart.Bin> bins = new ArrayList<>();
            for (double from = 0; from < top && bins.size() < 200; from += width) {
                long count = 0;
                for (double l : latencies) {
                    if (l >= from && l < from + width) {
                        count++;
                    }
                }
                bins.add(new HistogramChart.Bin(from, from + width, count));
            }
            Figures.attach(new HistogramChart(String.format(Locale.ROOT,
                    "Time for a value to reach the last node (seed %d)", seed), "milliseconds", bins,
                    List.of(new HistogramChart.Marker("median", median(latencies)),
                            new HistogramChart.Marker("max", latencies[latencies.length - 1]),
                            new HistogramChart.Marker("median target", 400),
                            new HistogramChart.Marker("max target", 600))));
        }
        Figures.attach(new BarChart(String.format(Locale.ROOT, "Messages between nodes per broadcast (seed %d)", seed),
                "", "messages", List.of("your nodes", "budget", "one message per other node"),
                List.of(messagesPerBroadcast(), budgetShown, nodes - 1.0)));
    }

    /** No node delivered a value it could not have been told. */
    void assertHonest() {
        if (cheat != null) {
            showFigures();
            throw new AssertionError(cheat);
        }
    }

    /** Every value reached every node by the end of the run (3 s after the last value or heal). */
    void assertEverywhere() {
        assertHonest();
        int missingValues = 0;
        int missingPairs = 0;
        int first = -1;
        int inCut = 0;
        for (int i = 0; i < values.size(); i++) {
            if (holders.get(i) < nodes) {
                missingValues++;
                missingPairs += nodes - holders.get(i);
                if (first < 0) {
                    first = i;
                }
                if (duringCut(broadcastAt.get(i))) {
                    inCut++;
                }
            }
        }
        if (missingValues == 0) {
            return;
        }
        showFigures();
        String why;
        if (holders.get(first) == 1) {
            why = " It never left the node it was handed to: onBroadcast must send it on.";
        } else if (inCut > 0) {
            why = String.format(Locale.ROOT, " %d of the %d incomplete values were broadcast during a partition. A "
                    + "message the partition cut is gone, and pushing each value once never sends it again: the "
                    + "nodes need anti-entropy, a periodic exchange with a random peer of what each has, so that "
                    + "after the heal each side learns what it missed.", inCut, missingValues);
        } else {
            why = " Messages that the network lost are gone; a value pushed only once may never arrive. A periodic "
                    + "exchange with a random peer of what each node has (anti-entropy) repairs that.";
        }
        throw new AssertionError(String.format(Locale.ROOT,
                "seed %d (%s%s): %d of %d values did not reach every node by the end (%.1f s, 3 s after the last value%s); "
                        + "%d node-value pairs missing. Value %d, handed to %s at %.3f s, reached only %d of %d nodes.%s",
                seed, setting, describeCuts(), missingValues, values.size(), Time.toSeconds(endAt),
                cuts.isEmpty() ? "" : " or heal", missingPairs, values.get(first), ids.get(originOf.get(first)),
                Time.toSeconds(broadcastAt.get(first)), holders.get(first), nodes, why));
    }

    void assertBudget(double budget) {
        budgetShown = budget;
        double perOp = messagesPerBroadcast();
        if (perOp >= budget) {
            showFigures();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d (%s%s): %,d messages between nodes for %d values, %.1f per broadcast; the budget is under "
                            + "%.0f. %s",
                    seed, setting, describeCuts(), nodeMessages, values.size(), perOp, budget,
                    perOp > 3 * nodes ? "Forwarding every value you hear to every peer is flooding: each of the "
                            + nodes + " nodes sends each value " + (nodes - 1) + " times, about " + nodes * (nodes - 1)
                            + " messages per value. Only the node a client handed the value to needs to push it, and "
                            + "several new values can share one message (a batch)."
                            : "Put several values in one message: collect new values and push them together every "
                            + "so often, and keep anti-entropy rare (one peer every few hundred milliseconds)."));
        }
    }

    void assertLatency(double medianMs, double maxMs) {
        double[] latencies = latenciesMs();
        double median = median(latencies);
        double max = latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1];
        if (!(median < medianMs) || !(max < maxMs)) {
            showFigures();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d (%s%s): a value took %.0f ms (median) and %.0f ms (max) to reach the last node; the targets "
                            + "are under %.0f ms and %.0f ms. A link takes 100 ms, so every hop a value waits for counts: "
                            + "random gossip needs about log2(%d) = %.1f rounds to reach everyone, too slow here. Push "
                            + "each value from its first node to every peer directly, and keep a batch's wait short "
                            + "enough: a value waits up to one batch interval, then takes one 100 ms hop.",
                    seed, setting, describeCuts(), median, max, medianMs, maxMs, nodes,
                    Math.log(nodes) / Math.log(2)));
        }
    }

    private String describeCuts() {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < cuts.size(); k++) {
            text.append(String.format(Locale.ROOT, ", partition (%s) from %.2f s to %.2f s", cutNames.get(k),
                    Time.toSeconds(cuts.get(k)[0]), Time.toSeconds(cuts.get(k)[1])));
        }
        return text.toString();
    }

    String summary() {
        double[] l = latenciesMs();
        return String.format(Locale.ROOT, "seed %d %s: %d values, %.2f msgs/op, median %.0f ms, max %.0f ms, complete %d",
                seed, setting, values.size(), messagesPerBroadcast(), median(l),
                l.length == 0 ? Double.NaN : l[l.length - 1], complete);
    }
}
