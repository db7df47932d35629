import dev.loadbearing.sim.check.CheckResult;
import dev.loadbearing.sim.check.Linearizability;
import dev.loadbearing.sim.check.Models;
import dev.loadbearing.sim.check.OperationHistory;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.figure.Timeline;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.node.Cluster;
import dev.loadbearing.sim.node.KvClient;
import dev.loadbearing.sim.node.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One key replicated on 3 to 7 nodes, each with a client next to it doing gets and puts back to
 * back. From 1 s a partition cuts some replicas (and their clients) off from the rest, then heals.
 * CP nodes run quorum reads and writes (the ABD algorithm, with W and R as set); AP nodes answer
 * from their own copy and push it to every peer every sync interval (last writer wins).
 */
public final class Scenario implements LiveScenario {
    private static final long CUT_AT = Time.seconds(1);
    private static final long WINDOW = Time.ms(100);
    private static final long CLIENT_TIMEOUT = Time.ms(400);

    record Stamped(long counter, String writer, String value) {
        boolean newerThan(Stamped other) {
            return counter != other.counter ? counter > other.counter : writer.compareTo(other.writer) > 0;
        }
    }

    static final Stamped EMPTY = new Stamped(0, "", "");

    record Query(long op) { }
    record QueryReply(long op, Stamped current) { }
    record Store(long op, Stamped value) { }
    record StoreAck(long op) { }
    record GiveUp(long op) { }
    record Sync(Stamped value) { }

    /** Any replica that holds a copy of the one key. */
    abstract static class Replica extends Node {
        Stamped copy = EMPTY;

        void keep(Stamped value) {
            if (value.newerThan(copy)) {
                copy = value;
            }
        }
    }

    /** CP: quorum reads and writes; no quorum within 150 ms means fail. */
    static final class QuorumReplica extends Replica {
        private static final class Pending {
            final String client;
            final KvClient.Request request;
            final Set<String> answered = new HashSet<>();
            Stamped newest;
            Stamped storing;
            long timer;

            Pending(String client, KvClient.Request request) {
                this.client = client;
                this.request = request;
            }
        }

        private final int w;
        private final int r;
        private final Map<Long, Pending> pending = new LinkedHashMap<>();
        private long nextOp = 1;

        QuorumReplica(int w, int r) {
            this.w = w;
            this.r = r;
        }

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof KvClient.Request request) {
                long op = nextOp++;
                Pending p = new Pending(from, request);
                pending.put(op, p);
                p.newest = copy;
                p.answered.add(id());
                p.timer = setTimer(Time.ms(150), new GiveUp(op));
                peers().forEach(peer -> send(peer, new Query(op)));
                if (p.answered.size() >= r) {
                    store(op, p);
                }
            } else if (message instanceof Query query) {
                send(from, new QueryReply(query.op(), copy));
            } else if (message instanceof QueryReply reply) {
                Pending p = pending.get(reply.op());
                if (p != null && p.storing == null && p.answered.add(from)) {
                    if (reply.current().newerThan(p.newest)) {
                        p.newest = reply.current();
                    }
                    if (p.answered.size() >= r) {
                        store(reply.op(), p);
                    }
                }
            } else if (message instanceof Store store) {
                keep(store.value());
                send(from, new StoreAck(store.op()));
            } else if (message instanceof StoreAck ack) {
                Pending p = pending.get(ack.op());
                if (p != null && p.storing != null && p.answered.add(from) && p.answered.size() >= w) {
                    finish(ack.op(), p);
                }
            }
        }

        @Override
        protected void onTimer(Object timer) {
            if (timer instanceof GiveUp giveUp) {
                Pending p = pending.get(giveUp.op());
                if (p != null && p.storing == null) {
                    pending.remove(giveUp.op());
                    send(p.client, p.request.fail());
                }
            }
        }

        private void store(long op, Pending p) {
            cancelTimer(p.timer);
            p.storing = p.request.op().equals("get") ? p.newest
                    : new Stamped(p.newest.counter() + 1, id() + "#" + op, p.request.value());
            p.answered.clear();
            keep(p.storing);
            p.answered.add(id());
            peers().forEach(peer -> send(peer, new Store(op, p.storing)));
            if (p.answered.size() >= w) {
                finish(op, p);
            }
        }

        private void finish(long op, Pending p) {
            pending.remove(op);
            send(p.client, p.request.ok(p.storing.value()));
        }
    }

    /** AP: every request answered from the local copy; the copy is pushed to every peer periodically. */
    static final class LocalReplica extends Replica {
        private final long syncEvery;
        private long writes;

        LocalReplica(long syncEvery) {
            this.syncEvery = syncEvery;
        }

        @Override
        protected void onStart() {
            setTimer(random().nextInt((int) (syncEvery / 1000)) * 1000L, "sync");
        }

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof KvClient.Request request) {
                if (request.op().equals("get")) {
                    send(from, request.ok(copy.value()));
                } else {
                    copy = new Stamped(Math.max(copy.counter(), writes) + 1, id(), request.value());
                    writes = copy.counter();
                    send(from, request.ok(null));
                }
            } else if (message instanceof Sync sync) {
                keep(sync.value());
            }
        }

        @Override
        protected void onTimer(Object timer) {
            peers().forEach(peer -> send(peer, new Sync(copy)));
            setTimer(syncEvery, "sync");
        }
    }

    /** One client operation as the client saw it. */
    record Op(String client, boolean write, String value, long invoked, long completed, boolean ok) { }

    @Override
    public LiveRun run(LiveParameters p) {
        boolean cp = p.choice("mode").equals("cp");
        int n = p.integer("nodes");
        int w = Math.min(n, p.integer("writeQuorum"));
        int r = Math.min(n, p.integer("readQuorum"));
        int cut = Math.min(n - 1, p.integer("cutOff"));
        long healAt = CUT_AT + Time.seconds(p.number("seconds"));
        long stopAt = healAt + Time.seconds(1.5);
        long syncEvery = Time.ms(p.integer("syncMs"));

        Sim sim = new Sim(p.seed());
        RandomStream random = sim.random("clients");
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(2), Time.ms(15)));
        Cluster cluster = new Cluster(sim, net);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("n" + i);
            cluster.add("n" + i, cp ? () -> new QuorumReplica(w, r) : () -> new LocalReplica(syncEvery));
        }
        List<String> small = ids.subList(n - cut, n);
        List<String> sideA = new ArrayList<>();
        List<String> sideB = new ArrayList<>();
        OperationHistory.Builder history = OperationHistory.builder(sim::now);
        List<Op> ops = new ArrayList<>();
        Map<String, Boolean> inSmall = new HashMap<>();
        for (String node : ids) {
            String name = "c" + node.substring(1);
            boolean b = small.contains(node);
            inSmall.put(name, b);
            (b ? sideB : sideA).add(node);
            (b ? sideB : sideA).add(name);
            net.link(name, node).latency(Time.ms(1));
            KvClient client = new KvClient(cluster, name, history).timeout(CLIENT_TIMEOUT);
            int[] count = {0};
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (sim.now() >= stopAt) {
                    return;
                }
                boolean write = random.chance(0.4);
                String value = name + "-" + (++count[0]);
                long invoked = sim.now();
                int before = history.build().size();
                Runnable then = () -> {
                    OperationHistory.Event done = history.build().events().get(history.build().size() - 1);
                    boolean ok = done.type() == OperationHistory.Type.OK;
                    String seen = write ? value : ok ? String.valueOf(((dev.loadbearing.sim.check.Keyed) done.value()).value()) : null;
                    ops.add(new Op(name, write, seen, invoked, sim.now(), ok));
                    sim.after(Time.ms(10 + random.nextInt(30)), name + " thinks", next[0]);
                };
                if (write) {
                    client.put(node, "x", value, then);
                } else {
                    client.get(node, "x", then);
                }
            };
            sim.after(Time.ms(random.nextInt(30)), name + " starts", next[0]);
        }
        if (cut > 0) {
            sim.at(CUT_AT, "partition", () -> net.partition(List.of(sideA, sideB)));
            sim.at(healAt, "heal", net::heal);
        }
        // When do the replicas agree again after the heal? Sampled every 10 ms.
        long[] agreedAt = {-1};
        sim.every(Time.ms(10), "compare replicas", () -> {
            if (sim.now() < healAt || agreedAt[0] >= 0) {
                return;
            }
            Stamped first = ((Replica) cluster.node(ids.get(0))).copy;
            for (String id : ids) {
                if (!((Replica) cluster.node(id)).copy.equals(first)) {
                    return;
                }
            }
            agreedAt[0] = sim.now();
        });
        sim.runFor(stopAt + Time.seconds(1));

        // Stale reads: a read that returned a value although a newer write had finished before it began.
        Map<String, Op> writeOf = new HashMap<>();
        ops.stream().filter(o -> o.write() && o.ok()).forEach(o -> writeOf.put(o.value(), o));
        List<Op> acked = ops.stream().filter(o -> o.write() && o.ok()).toList();
        int[] stale = new int[2];
        int[] reads = new int[2];
        int[] cutOk = new int[2];
        int[] cutAll = new int[2];
        int[] cutWritesOk = new int[2];
        int buckets = (int) (stopAt / WINDOW) + 1;
        double[][] okPerWindow = new double[2][buckets];
        double[][] allPerWindow = new double[2][buckets];
        double[] stalePerWindow = new double[buckets];
        for (Op o : ops) {
            int side = inSmall.get(o.client()) ? 1 : 0;
            int bucket = (int) (o.invoked() / WINDOW);
            allPerWindow[side][bucket]++;
            if (o.ok()) {
                okPerWindow[side][bucket]++;
            }
            boolean during = cut > 0 && o.invoked() >= CUT_AT && o.invoked() < healAt;
            if (during) {
                cutAll[side]++;
                if (o.ok()) {
                    cutOk[side]++;
                    if (o.write()) {
                        cutWritesOk[side]++;
                    }
                }
            }
            if (!o.write() && o.ok()) {
                reads[side]++;
                Op source = writeOf.get(o.value());
                boolean isStale = false;
                for (Op newer : acked) {
                    if (newer.completed() < o.invoked()
                            && (o.value().isEmpty() || source != null && newer.invoked() > source.completed())) {
                        isStale = true;
                        break;
                    }
                }
                if (isStale) {
                    stale[side]++;
                    stalePerWindow[bucket]++;
                }
            }
        }
        CheckResult check = Linearizability.check(history.build(), Models.keyValue(),
                new Linearizability.Limits(2_000_000, Duration.ofSeconds(60)));

        List<Double> seconds = new ArrayList<>();
        List<Double> aShare = new ArrayList<>();
        List<Double> bShare = new ArrayList<>();
        List<Double> staleSeries = new ArrayList<>();
        for (int i = 0; i * WINDOW < stopAt; i++) {
            seconds.add(i * WINDOW / 1e9);
            // A window in which a side started nothing (its clients were waiting) repeats the one before.
            aShare.add(share(okPerWindow[0][i], allPerWindow[0][i], aShare));
            bShare.add(share(okPerWindow[1][i], allPerWindow[1][i], bShare));
            staleSeries.add(stalePerWindow[i]);
        }
        String aName = (n - cut) + " replicas " + sideA.stream().filter(s -> s.startsWith("n")).toList();
        String bName = cut + " cut off " + small;
        List<Band> bands = cluster.bands().stream()
                .map(b -> new Band(b.start(), b.end(), "partition: " + small + " cut off")).toList();
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        series.add(new TimeSeriesChart.Series(cut > 0 ? "answered ok: " + aName : "answered ok", seconds, aShare));
        if (cut > 0) {
            series.add(new TimeSeriesChart.Series("answered ok: " + bName, seconds, bShare));
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(new TimeSeriesChart(String.format(Locale.ROOT,
                "Operations answered ok per 100 ms, by side of the partition (seed %d)", p.seed()),
                "% answered ok", series, bands));
        figures.add(new TimeSeriesChart(String.format(Locale.ROOT,
                "Stale reads per 100 ms: a newer write had already finished when the read began (seed %d)", p.seed()),
                "stale reads", List.of(new TimeSeriesChart.Series("stale reads", seconds, staleSeries)), bands));
        List<String> labels = new ArrayList<>(List.of("ok during cut: " + (n - cut) + " side", "stale reads: " + (n - cut) + " side"));
        List<Double> values = new ArrayList<>(List.of(pct(cutOk[0], cutAll[0]), pct(stale[0], reads[0])));
        if (cut > 0) {
            labels.addAll(List.of("ok during cut: " + cut + " side", "stale reads: " + cut + " side"));
            values.addAll(List.of(pct(cutOk[1], cutAll[1]), pct(stale[1], reads[1])));
        }
        figures.add(new BarChart(String.format(Locale.ROOT, "Availability and staleness, %% (seed %d)", p.seed()),
                "", "%", labels, values));
        double from = Math.max(0, CUT_AT / 1e9 - 0.2);
        Timeline full = history.build().timeline("", bands);
        List<Timeline.Span> spans = full.spans().stream().filter(s -> s.start() >= from && s.start() < from + 0.8)
                .limit(300).toList();
        List<Band> clipped = bands.stream().filter(b -> b.end() > from && b.start() < from + 0.8)
                .map(b -> new Band(Math.max(from, b.start()), Math.min(from + 0.8, b.end()), b.label())).toList();
        List<String> lanes = new ArrayList<>();
        ids.forEach(id -> lanes.add("c" + id.substring(1)));
        figures.add(new Timeline(String.format(Locale.ROOT, "Every get and put from %.1f s to %.1f s, by client (seed %d)",
                from, from + 0.8, p.seed()), lanes, spans, clipped));

        String verdict = switch (check.verdict()) {
            case LINEARIZABLE -> "the history checker finds it linearizable";
            case NOT_LINEARIZABLE -> "the history checker finds it not linearizable";
            default -> "the history checker gave up (too many possibilities)";
        };
        String converge = cut == 0 ? "" : agreedAt[0] < 0
                ? " The replicas still disagreed " + String.format(Locale.ROOT, "%.1f s", (stopAt + Time.seconds(1) - healAt) / 1e9) + " after the heal."
                : String.format(Locale.ROOT, " The replicas agreed again %.0f ms after the heal.", (agreedAt[0] - healAt) / 1e6);
        long[] latencies = ops.stream().filter(Op::ok).mapToLong(o -> o.completed() - o.invoked()).sorted().toArray();
        String median = latencies.length == 0 ? "" : String.format(Locale.ROOT, " An ok operation took %.1f ms at the median.",
                latencies[latencies.length / 2] / 1e6);
        String summary = cut == 0
                ? String.format(Locale.ROOT, "%s, %d replicas%s, no partition: %.1f%% of %d operations answered ok, %d of %d reads stale; %s.",
                        cp ? "CP" : "AP", n, cp ? String.format(Locale.ROOT, ", W=%d, R=%d", w, r) : "",
                        pct(cutOkAll(ops), ops.size()), ops.size(), stale[0], reads[0], verdict) + median
                : String.format(Locale.ROOT, "%s, %d replicas%s, %d cut off for %.1f s: during the cut the %d-replica side answered %.0f%% ok (%d writes), the %d-replica side %.0f%% (%d writes); %d stale reads in all; %s.%s",
                        cp ? "CP" : "AP", n, cp ? String.format(Locale.ROOT, ", W=%d, R=%d", w, r) : "", cut, p.number("seconds"),
                        n - cut, pct(cutOk[0], cutAll[0]), cutWritesOk[0], cut, pct(cutOk[1], cutAll[1]), cutWritesOk[1],
                        stale[0] + stale[1], verdict, converge) + median;
        return new LiveRun(summary, figures);
    }

    private static double share(double ok, double all, List<Double> before) {
        return all > 0 ? 100 * ok / all : before.isEmpty() ? 100 : before.get(before.size() - 1);
    }

    private static int cutOkAll(List<Op> ops) {
        return (int) ops.stream().filter(Op::ok).count();
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
