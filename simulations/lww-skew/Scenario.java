import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.node.Cluster;
import dev.loadbearing.sim.node.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One register replicated on three nodes with last-writer-wins: a write is stamped with the
 * receiving node's own wall clock ({@code wallTime()}), applied there, acknowledged and sent to
 * the others, and every replica keeps the copy with the highest stamp. Clients write through a
 * random node, one write every gapMs on average, for 4 s. n2's clock is offset, n3's drifts and
 * n1's is stepped back at 2 s. A write is overruled when a write made earlier in true time
 * carries a higher stamp: LWW then keeps the older value and the later write is lost, although
 * it was acknowledged.
 */
public final class Scenario implements LiveScenario {
    private static final long RUN_FOR = Time.seconds(4);
    private static final long STEP_AT = Time.seconds(2);

    record Write(int number) { }

    record Stamped(long stamp, String node, int number) {
        boolean newerThan(Stamped other) {
            return stamp != other.stamp ? stamp > other.stamp : node.compareTo(other.node) > 0;
        }
    }

    /** What the run records about every write, in the order they were made (true time). */
    record Made(int number, String node, long at, long stamp) { }

    static final class Replica extends Node {
        final List<Made> made;
        Stamped copy = new Stamped(Long.MIN_VALUE, "", 0);

        Replica(List<Made> made) {
            this.made = made;
        }

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof Write write) {
                Stamped mine = new Stamped(wallTime(), id(), write.number());
                made.add(new Made(write.number(), id(), now(), mine.stamp()));
                keep(mine);
                peers().forEach(peer -> send(peer, mine));
            } else if (message instanceof Stamped theirs) {
                keep(theirs);
            }
        }

        private void keep(Stamped value) {
            if (value.newerThan(copy)) {
                copy = value;
            }
        }
    }

    @Override
    public LiveRun run(LiveParameters p) {
        long skew = Time.ms(p.integer("skewMs"));
        int drift = p.integer("driftPpm");
        long stepBack = Time.ms(p.integer("stepBackMs"));
        long gap = Time.ms(p.integer("gapMs"));

        Sim sim = new Sim(p.seed());
        Network net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(1), Time.ms(10)));
        Cluster cluster = new Cluster(sim, net);
        List<Made> made = new ArrayList<>();
        List<String> ids = List.of("n1", "n2", "n3");
        for (String id : ids) {
            cluster.add(id, () -> new Replica(made));
        }
        cluster.clock("n2").offset(skew);
        cluster.clock("n3").drift(drift);
        if (stepBack > 0) {
            cluster.clock("n1").stepAt(STEP_AT, -stepBack);
        }
        RandomStream random = sim.random("clients");
        int[] next = {0};
        Runnable[] write = new Runnable[1];
        write[0] = () -> {
            if (sim.now() >= RUN_FOR) {
                return;
            }
            net.send("client", random.pick(ids), new Write(++next[0]));
            sim.after(Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * gap)), "next write", write[0]);
        };
        sim.after(Time.ms(10), "first write", write[0]);
        sim.runFor(RUN_FOR + Time.seconds(1));

        // A write is overruled if some write made before it (true time) has a higher stamp.
        int[] overruledBy = new int[ids.size()];
        int[] writesBy = new int[ids.size()];
        long bestStamp = Long.MIN_VALUE;
        String bestNode = "";
        int overruled = 0;
        List<Double> seconds = new ArrayList<>();
        List<Double> lostSoFar = new ArrayList<>();
        for (Made m : made) {
            int node = ids.indexOf(m.node());
            writesBy[node]++;
            boolean beaten = bestStamp > m.stamp() || bestStamp == m.stamp() && bestNode.compareTo(m.node()) > 0;
            if (beaten) {
                overruled++;
                overruledBy[node]++;
            } else {
                bestStamp = m.stamp();
                bestNode = m.node();
            }
            seconds.add(Time.toSeconds(m.at()));
            lostSoFar.add((double) overruled);
        }
        Stamped kept = ((Replica) cluster.node("n1")).copy;
        int last = made.isEmpty() ? 0 : made.get(made.size() - 1).number();

        List<Figure> figures = new ArrayList<>();
        List<TimeSeriesChart.Series> errors = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (long t = 0; t <= RUN_FOR; t += Time.ms(20)) {
            times.add(Time.toSeconds(t));
        }
        for (String id : ids) {
            List<Double> error = new ArrayList<>();
            for (long t = 0; t <= RUN_FOR; t += Time.ms(20)) {
                error.add(cluster.clock(id).error(t) / 1e6);
            }
            errors.add(new TimeSeriesChart.Series(id + "'s clock minus true time", times, error));
        }
        figures.add(new TimeSeriesChart(String.format(Locale.ROOT,
                "How far each node's clock is off, in ms (seed %d)", p.seed()), "ms", errors, List.of()));
        figures.add(new TimeSeriesChart(String.format(Locale.ROOT,
                "Acknowledged writes overruled by an older write, so far (seed %d)", p.seed()), "writes lost",
                List.of(new TimeSeriesChart.Series("writes lost", seconds, lostSoFar)), List.of()));
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            labels.add("written through " + ids.get(i));
            values.add(writesBy[i] == 0 ? 0 : 100.0 * overruledBy[i] / writesBy[i]);
        }
        figures.add(new BarChart(String.format(Locale.ROOT, "Writes lost, by the node that stamped them, %% (seed %d)",
                p.seed()), "", "% of its writes", labels, values));

        String summary = String.format(Locale.ROOT,
                "Of %d acknowledged writes, %d (%.1f%%) were overruled by a write made earlier in true time and lost "
                        + "(through n1: %d, n2: %d, n3: %d). The replicas ended on write #%d; the last write made was #%d.",
                made.size(), overruled, made.isEmpty() ? 0 : 100.0 * overruled / made.size(), overruledBy[0],
                overruledBy[1], overruledBy[2], kept.number(), last);
        return new LiveRun(summary, figures);
    }
}
