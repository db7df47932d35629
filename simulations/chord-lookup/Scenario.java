import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.HistogramChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.net.HopCounter;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.node.Churn;
import dev.loadbearing.sim.node.Cluster;
import dev.loadbearing.sim.node.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Chord ring of 32-bit ids over 20 ms links. Every node keeps 4 successors and 32 fingers
 * (finger i = successor(id + 2^i)), which its stabilisation refreshes every interval from the ring
 * as it then is (a stand-in for Chord's stabilise and fix-fingers having converged). A client sends
 * a lookup for a random key to a random live node every 10 ms; a node forwards it to its closest
 * preceding finger (or to its successor when walking the ring), and the owner answers. A node that
 * forwards to a failed node notices after a 200 ms timeout and tries its next choice. Between 1 s
 * and 3 s, churn fails some nodes and lets as many new ones join.
 */
public final class Scenario implements LiveScenario {
    private static final long RING = 1L << 32;
    private static final long TIMEOUT = Time.ms(200);
    private static final int SUCCESSORS = 4;

    record Lookup(long id, long key, boolean last) {
    }

    record Found(long id, String owner) {
    }

    record Retry(Lookup lookup) {
    }

    /** x in (from, to] going clockwise. */
    static boolean between(long x, long from, long to) {
        return from < to ? x > from && x <= to : x > from || x <= to;
    }

    private static final Map<String, Long> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    static long idOf(String name) {
        Long known = IDS.get(name);
        if (known != null) {
            return known;
        }
        long h = 1469598103934665603L;
        for (char c : name.toCharArray()) {
            h = (h ^ c) * 1099511628211L;
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        long id = h & (RING - 1);
        IDS.put(name, id);
        return id;
    }

    /** The live ring, by id, kept by the scenario (what converged stabilisation would know). */
    static final class World {
        final Cluster cluster;
        final TreeMap<Long, String> ring = new TreeMap<>();
        final boolean fingers;
        final long stabilise;
        long timeouts;

        World(Cluster cluster, boolean fingers, long stabilise) {
            this.cluster = cluster;
            this.fingers = fingers;
            this.stabilise = stabilise;
        }

        String successorOf(long key) {
            Map.Entry<Long, String> e = ring.ceilingEntry(key);
            return e != null ? e.getValue() : ring.firstEntry().getValue();
        }

        /** Called every 20 ms by the scenario, and when a node starts. */
        void refreshRing() {
            ring.clear();
            for (String id : cluster.live()) {
                ring.put(idOf(id), id);
            }
        }
    }

    static final class ChordNode extends Node {
        final World world;
        long self;
        final List<String> successors = new ArrayList<>();
        final List<String> fingers = new ArrayList<>();
        final Set<String> dead = new HashSet<>();

        ChordNode(World world) {
            this.world = world;
        }

        @Override
        protected void onStart() {
            self = idOf(id());
            if (world.ring.isEmpty() || !world.ring.containsKey(self)) {
                world.refreshRing();
            }
            stabilise();
            setTimer(1 + random().nextInt((int) (world.stabilise / Time.MILLISECOND)) * Time.MILLISECOND, "stabilise");
        }

        private void stabilise() {
            successors.clear();
            fingers.clear();
            dead.clear();
            String at = id();
            for (int i = 0; i < SUCCESSORS; i++) {
                at = world.successorOf((idOf(at) + 1) % RING);
                if (at.equals(id())) {
                    break;
                }
                successors.add(at);
            }
            for (int i = 0; i < 32; i++) {
                fingers.add(world.successorOf((self + (1L << i)) % RING));
            }
        }

        @Override
        protected void onTimer(Object timer) {
            if (timer instanceof Retry retry) {
                route(retry.lookup());
                return;
            }
            stabilise();
            setTimer(world.stabilise, "stabilise");
        }

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof Lookup lookup) {
                route(lookup);
            }
        }

        private void route(Lookup lookup) {
            String successor = null;
            for (String s : successors) {
                if (!dead.contains(s)) {
                    successor = s;
                    break;
                }
            }
            if (lookup.last() || successor == null) {
                send("client", new Found(lookup.id(), id()));
                return;
            }
            String next = successor;
            boolean last = between(lookup.key(), self, idOf(successor));
            if (!last && world.fingers) {
                for (int i = fingers.size() - 1; i >= 0; i--) {
                    String f = fingers.get(i);
                    if (!dead.contains(f) && !f.equals(id()) && between(idOf(f), self, (lookup.key() - 1 + RING) % RING)) {
                        next = f;
                        break;
                    }
                }
            }
            if (world.cluster.state(next) != Cluster.State.UP) {
                // No answer from it: after a timeout, mark it dead and try the next choice.
                dead.add(next);
                world.timeouts++;
                setTimer(TIMEOUT, new Retry(lookup));
                return;
            }
            send(next, next.equals(successor) && last ? new Lookup(lookup.id(), lookup.key(), true) : lookup);
        }
    }

    @Override
    public LiveRun run(LiveParameters p) {
        boolean useFingers = p.choice("routing").equals("fingers");
        int n = p.integer("nodes");
        int churn = n * p.integer("churnPct") / 100;
        long stabilise = Time.ms(p.integer("stabiliseMs"));
        Sim sim = new Sim(p.seed());
        Network net = new Network(sim);
        net.defaults().latency(Time.ms(20));
        Cluster cluster = new Cluster(sim, net);
        World world = new World(cluster, useFingers, stabilise);
        for (int i = 1; i <= n; i++) {
            cluster.add("n" + i, () -> new ChordNode(world));
        }
        if (churn > 0) {
            new Churn(cluster, () -> new ChordNode(world)).between(Time.seconds(1), Time.seconds(3))
                    .failures(churn).joins(churn).start();
        }
        sim.every(Time.ms(20), "the ring as it is", world::refreshRing);
        HopCounter hops = net.observe(new HopCounter(m -> m.body() instanceof Lookup l ? l.id() : null));
        RandomStream random = sim.random("client");
        Map<Long, long[]> sent = new HashMap<>();      // id -> {key, sentAt}
        int[] ok = {0};
        int[] wrong = {0};
        List<Long> latencies = new ArrayList<>();
        net.register("client", message -> {
            if (message.body() instanceof Found found) {
                long[] lookup = sent.remove(found.id());
                if (lookup == null) {
                    return;
                }
                if (found.owner().equals(world.successorOf(lookup[0]))) {
                    ok[0]++;
                } else {
                    wrong[0]++;
                }
                latencies.add(sim.now() - lookup[1]);
            }
        });
        long lookups = 400;
        for (long id = 1; id <= lookups; id++) {
            long lookupId = id;
            sim.at(Time.ms(10) * id, "lookup " + id, () -> {
                List<String> live = cluster.live();
                long key = random.nextLong() & (RING - 1);
                sent.put(lookupId, new long[] {key, sim.now()});
                net.send("client", random.pick(live), new Lookup(lookupId, key, false));
            });
        }
        sim.runFor(Time.seconds(8));

        // The hop from the client to the first node is not routing: count node-to-node hops only.
        Map<Integer, Integer> distribution = new TreeMap<>();
        hops.distribution().forEach((h, count) -> distribution.merge(Math.max(0, h - 1), count, Integer::sum));
        double mean = Math.max(0, hops.mean() - 1);
        double half = 0.5 * Math.log(n) / Math.log(2);
        int max = distribution.isEmpty() ? 0 : ((TreeMap<Integer, Integer>) distribution).lastKey();
        int width = Math.max(1, (max + 1 + 39) / 40);
        List<HistogramChart.Bin> bins = new ArrayList<>();
        for (int from = 0; from <= max; from += width) {
            long count = 0;
            for (int h = from; h < from + width; h++) {
                count += distribution.getOrDefault(h, 0);
            }
            bins.add(new HistogramChart.Bin(from, from + width, count));
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(new HistogramChart(String.format(Locale.ROOT, "Hops per lookup, %d nodes, %s (seed %d)", n,
                useFingers ? "finger tables" : "successors only", p.seed()), "hops between nodes", bins,
                List.of(new HistogramChart.Marker("mean", mean), new HistogramChart.Marker("½ log2 N", half))));
        long done = ok[0] + wrong[0];
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
        figures.add(new BarChart(String.format(Locale.ROOT, "Lookups (seed %d)", p.seed()), "", "% of lookups",
                List.of("answered by the right owner", "answered by a wrong node", "never answered"),
                List.of(100.0 * ok[0] / lookups, 100.0 * wrong[0] / lookups, 100.0 * (lookups - done) / lookups)));
        String summary = String.format(Locale.ROOT,
                "%d nodes, %s: a lookup took %.1f hops on average (½ log2 N = %.1f, max %d), median %.0f ms; "
                        + "%d of %d found the right owner, %d timeouts on failed nodes.",
                n, useFingers ? "finger tables" : "walking successors", mean, half, max, median, ok[0], lookups,
                world.timeouts);
        return new LiveRun(summary, figures);
    }
}
