import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.net.Message;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.net.Partition;
import dev.loadbearing.sim.node.Cluster;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A like counter on {@code nodes} CounterNodes (n1, n2, ...), each with a client next to it (c1
 * talks to n1, ...) that adds 1 to 5 likes or reads the count, back to back. Links between nodes
 * take 2 to 15 ms and may lose or duplicate messages; links between a client and its node never
 * do. One or two partitions split the nodes (with their clients) into two groups, chosen from the
 * seed, and heal. Clients stop 0.5 s after the last heal; a monitor outside the partition reads
 * every node every 50 ms throughout.
 */
final class CounterRun {
    static final long CLIENT_TIMEOUT = Time.ms(300);
    static final long PROBE_EVERY = Time.ms(50);

    final long seed;
    final int nodes;
    final long stopAt;
    final long endAt;
    private final Sim sim;
    private final Network net;
    private final List<String> ids = new ArrayList<>();
    private final List<String> sideOf = new ArrayList<>();
    private final List<long[]> cuts = new ArrayList<>();
    private final List<List<String>> cutGroups = new ArrayList<>();
    private final Map<String, List<double[]>> probes = new LinkedHashMap<>();
    private final List<double[]> ackedSeries = new ArrayList<>();
    private long sent;
    private long acked;
    private long pending;
    private long requests;
    private long answered;
    private long requestsDuringCuts;
    private long answeredDuringCuts;
    private String invented;
    private boolean attached;

    CounterRun(long seed, int nodes, int partitions, double loss, double duplicate) {
        this.seed = seed;
        this.nodes = nodes;
        this.sim = new Sim(seed);
        RandomStream random = sim.random("test");
        net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(2), Time.ms(15))).loss(loss).duplicate(duplicate);
        Cluster cluster = new Cluster(sim, net);
        for (int i = 1; i <= nodes; i++) {
            ids.add("n" + i);
            cluster.add("n" + i, CounterNode::new);
        }
        long at = Time.ms(400 + random.nextInt(400));
        for (int k = 0; k < partitions; k++) {
            List<String> shuffled = new ArrayList<>(ids);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                Collections.swap(shuffled, i, random.nextInt(i + 1));
            }
            List<String> small = new ArrayList<>(shuffled.subList(0, 1 + random.nextInt(nodes / 2)));
            small.sort(null);
            long heal = at + Time.ms(1000 + random.nextInt(1000));
            cuts.add(new long[] {at, heal});
            cutGroups.add(small);
            at = heal + Time.ms(300 + random.nextInt(400));
        }
        long lastHeal = cuts.isEmpty() ? Time.seconds(2) : cuts.get(cuts.size() - 1)[1];
        stopAt = lastHeal + Time.ms(500);
        endAt = stopAt + Time.seconds(1.5);

        for (String node : ids) {
            String client = "c" + node.substring(1);
            net.link(client, node).latency(Time.ms(1)).loss(0).duplicate(0);
            net.link("monitor", node).latency(Time.ms(1)).loss(0).duplicate(0);
            startClient(client, node, random);
            probes.put(node, new ArrayList<>());
        }
        for (int k = 0; k < cuts.size(); k++) {
            List<String> small = cutGroups.get(k);
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (String node : ids) {
                List<String> side = small.contains(node) ? b : a;
                side.add(node);
                side.add("c" + node.substring(1));
            }
            sim.at(cuts.get(k)[0], "partition", () -> net.partition(List.of(a, b)));
            sim.at(cuts.get(k)[1], "heal", net::heal);
        }
        long[] probeId = {0};
        net.register("monitor", message -> {
            if (message.body() instanceof Counter.Value value) {
                probes.get(message.from()).add(new double[] {Time.toSeconds(sim.now()), value.value()});
            }
        });
        sim.every(PROBE_EVERY, "monitor reads every node", () -> {
            ackedSeries.add(new double[] {Time.toSeconds(sim.now()), acked});
            for (String node : ids) {
                net.send("monitor", node, new Counter.Get(-(++probeId[0])));
            }
        });
        sim.runFor(endAt);
    }

    private boolean duringCut(long time) {
        for (long[] cut : cuts) {
            if (time >= cut[0] && time < cut[1]) {
                return true;
            }
        }
        return false;
    }

    private void startClient(String client, String node, RandomStream random) {
        long[] next = {1};
        long[] waitingFor = {0};
        int[] amount = {0};
        long[] timer = {-1};
        boolean[] cut = {false};
        Runnable[] go = new Runnable[1];
        Runnable done = () -> {
            waitingFor[0] = 0;
            sim.after(Time.ms(5 + random.nextInt(20)), client + " thinks", go[0]);
        };
        go[0] = () -> {
            if (sim.now() >= stopAt) {
                return;
            }
            long id = next[0]++;
            waitingFor[0] = id;
            requests++;
            cut[0] = duringCut(sim.now());
            if (cut[0]) {
                requestsDuringCuts++;
            }
            Object request;
            if (random.chance(0.6)) {
                amount[0] = 1 + random.nextInt(5);
                sent += amount[0];
                pending += amount[0];
                request = new Counter.Add(id, amount[0]);
            } else {
                amount[0] = 0;
                request = new Counter.Get(id);
            }
            timer[0] = sim.after(CLIENT_TIMEOUT, client + " times out", () -> {
                pending -= amount[0];
                done.run();
            });
            net.send(client, node, request);
        };
        net.register(client, (Message message) -> {
            Object body = message.body();
            long id = body instanceof Counter.Added a ? a.id() : body instanceof Counter.Value v ? v.id() : 0;
            if (id == 0 || id != waitingFor[0]) {
                return;
            }
            sim.cancel(timer[0]);
            answered++;
            if (cut[0]) {
                answeredDuringCuts++;
            }
            if (body instanceof Counter.Added) {
                if (amount[0] == 0) {
                    return;
                }
                acked += amount[0];
                pending -= amount[0];
            } else if (body instanceof Counter.Value value && amount[0] == 0) {
                if (invented == null && value.value() > sent) {
                    invented = String.format(Locale.ROOT,
                            "seed %d: at t=%.3f s %s read %,d likes from %s, but only %,d had been added in all so "
                                    + "far. A merge must not count the same likes twice: adding another node's total "
                                    + "to yours counts it again every time it is sent (and the network repeats "
                                    + "messages). Keep one count per node and merge by taking the larger of each",
                            seed, Time.toSeconds(sim.now()), client, value.value(), node, sent);
                }
            } else {
                return;
            }
            done.run();
        });
        sim.after(Time.ms(random.nextInt(20)), client + " starts", go[0]);
    }

    private String describe() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d nodes", nodes));
        for (int k = 0; k < cuts.size(); k++) {
            text.append(String.format(Locale.ROOT, ", %s cut off from %.2f s to %.2f s", cutGroups.get(k),
                    Time.toSeconds(cuts.get(k)[0]), Time.toSeconds(cuts.get(k)[1])));
        }
        return text.toString();
    }

    void showFigures() {
        if (attached) {
            return;
        }
        attached = true;
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        series.add(series("likes acknowledged so far", ackedSeries));
        probes.forEach((node, points) -> series.add(series(node + " says", points)));
        List<Band> bands = new ArrayList<>();
        for (int k = 0; k < cuts.size(); k++) {
            bands.add(new Band(Time.toSeconds(cuts.get(k)[0]), Time.toSeconds(cuts.get(k)[1]),
                    "partition: " + cutGroups.get(k) + " cut off"));
        }
        bands.add(new Band(Time.toSeconds(stopAt), Time.toSeconds(endAt), "quiet: no new likes"));
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        if (!cuts.isEmpty()) {
            labels.add("answered in time, during partitions");
            values.add(pct(answeredDuringCuts, requestsDuringCuts));
        }
        labels.add("answered in time, all");
        values.add(pct(answered, requests));
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                        "The count each node reports, read every 50 ms, and the likes acknowledged (seed %d)", seed),
                        "likes", series, bands),
                new BarChart(String.format(Locale.ROOT, "Requests answered within %d ms (seed %d)",
                        CLIENT_TIMEOUT / 1_000_000, seed), "", "%", labels, values));
    }

    private static TimeSeriesChart.Series series(String name, List<double[]> points) {
        List<Double> seconds = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int step = Math.max(1, points.size() / 400);
        for (int i = 0; i < points.size(); i += step) {
            seconds.add(points.get(i)[0]);
            values.add(points.get(i)[1]);
        }
        return new TimeSeriesChart.Series(name, seconds, values);
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 100 : 100.0 * part / whole;
    }

    /** Every node answers (nearly) every request in time, on both sides of every partition. */
    void assertAvailable(double atLeast) {
        double during = requestsDuringCuts == 0 ? 1 : answeredDuringCuts / (double) requestsDuringCuts;
        double all = requests == 0 ? 1 : answered / (double) requests;
        if (during < atLeast || all < atLeast) {
            showFigures();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d (%s): %.1f%% of %,d requests were answered within %d ms (%.1f%% of %,d during the "
                            + "partitions); at least %.1f%% must be. This counter is AP: a node answers every Add and "
                            + "Get at once from what it knows, without waiting for any other node, so that both "
                            + "sides of a partition keep working",
                    seed, describe(), 100 * all, requests, CLIENT_TIMEOUT / 1_000_000, 100 * during,
                    requestsDuringCuts, 100 * atLeast));
        }
    }

    /** No read ever returned more likes than had been added. */
    void assertNoInventedLikes() {
        if (invented != null) {
            showFigures();
            throw new AssertionError(invented);
        }
    }

    /** Within {@code boundMs} of the quiet period's start, every node reports exactly the acknowledged total. */
    void assertConverges(long boundMs) {
        long total = acked;
        double deadline = Time.toSeconds(stopAt + Time.ms(boundMs));
        for (String node : ids) {
            List<double[]> points = probes.get(node);
            double agreedSince = -1;
            double last = -1;
            for (double[] point : points) {
                if (point[1] == total) {
                    if (agreedSince < 0) {
                        agreedSince = point[0];
                    }
                } else {
                    agreedSince = -1;
                }
                last = point[1];
            }
            if (agreedSince < 0 || agreedSince > deadline) {
                showFigures();
                String why;
                if (pending > 0) {
                    why = "";
                } else if (last < total) {
                    why = " Likes are missing: a node must learn every other node's likes, including those taken "
                            + "during the partition. Keeping the larger of two totals, or the newest one, throws away "
                            + "the likes the other side took; an increment forwarded once is lost if its message is. "
                            + "Keep one count per node, gossip the whole map again and again, and merge entry by entry "
                            + "with max";
                } else {
                    why = " Too many likes: the same likes were counted more than once. Adding a received total or "
                            + "an increment on every message counts repeats again (the network duplicates messages, "
                            + "and gossip repeats itself on purpose). Merge with max per node, which is idempotent";
                }
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d (%s): clients stopped at %.2f s with %,d likes acknowledged, but %s %s (it said "
                                + "%,.0f at the end of the run, %.2f s); every node must report exactly %,d within "
                                + "%d ms of the last like.%s",
                        seed, describe(), Time.toSeconds(stopAt), total, node,
                        agreedSince < 0 ? "never settled on that" : String.format(Locale.ROOT,
                                "only settled on it at %.2f s", agreedSince),
                        last, Time.toSeconds(endAt), total, boundMs, why));
            }
        }
    }
}
