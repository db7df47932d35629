import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.LineChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.node.Cluster;
import dev.loadbearing.sim.node.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One rumour starts at n1. Every round (each node's own clock, started at a random offset) a
 * push node that knows it sends it to {@code fanout} random peers; a pull node that does not know
 * it asks {@code fanout} random peers, and a peer that knows answers with it; push-pull does both.
 * The run stops when every node knows, or after 80 rounds. All three modes run with the same
 * settings and seed, so the figure compares them; the summary describes the chosen one.
 */
public final class Scenario implements LiveScenario {
    private static final int MAX_ROUNDS = 80;
    private static final String[] MODES = {"push", "pull", "push-pull"};

    record Rumour() {
    }

    record Ask() {
    }

    /** What one mode's run measured. */
    record Result(String mode, long[] informedAt, long messages, long doneAt, boolean done) {
    }

    static final class Gossiper extends Node {
        final boolean push;
        final boolean pull;
        final int fanout;
        final long round;
        final long[] informedAt;
        final int index;
        boolean knows;

        Gossiper(String mode, int fanout, long round, long[] informedAt, int index) {
            this.push = !mode.equals("pull");
            this.pull = !mode.equals("push");
            this.fanout = fanout;
            this.round = round;
            this.informedAt = informedAt;
            this.index = index;
        }

        @Override
        protected void onStart() {
            if (index == 0) {
                learn();
            }
            setTimer(1 + random().nextInt((int) (round / Time.MILLISECOND)) * Time.MILLISECOND, "round");
        }

        private void learn() {
            if (!knows) {
                knows = true;
                informedAt[index] = now();
            }
        }

        @Override
        protected void onMessage(String from, Object message) {
            if (message instanceof Rumour) {
                learn();
            } else if (message instanceof Ask && knows) {
                send(from, new Rumour());
            }
        }

        @Override
        protected void onTimer(Object timer) {
            if ((knows && push) || (!knows && pull)) {
                List<String> peers = peers();
                for (int i = 0; i < fanout; i++) {
                    send(random().pick(peers), knows ? new Rumour() : new Ask());
                }
            }
            setTimer(round, "round");
        }
    }

    static Result run(long seed, String mode, int n, int fanout, long round, long latency, double loss) {
        Sim sim = new Sim(seed);
        Network net = new Network(sim);
        net.defaults().latency(Distribution.constant(latency)).loss(loss);
        Cluster cluster = new Cluster(sim, net);
        long[] informedAt = new long[n];
        Arrays.fill(informedAt, -1);
        int[] informed = {0};
        for (int i = 0; i < n; i++) {
            int index = i;
            cluster.add("n" + (i + 1), () -> new Gossiper(mode, fanout, round, informedAt, index));
        }
        boolean done = sim.runUntil(() -> {
            int count = 0;
            for (long at : informedAt) {
                if (at >= 0) {
                    count++;
                }
            }
            informed[0] = count;
            return count == n;
        }, round * MAX_ROUNDS);
        return new Result(mode, informedAt, net.stats().sent(), sim.now(), done);
    }

    @Override
    public LiveRun run(LiveParameters p) {
        String chosen = p.choice("mode");
        int n = p.integer("nodes");
        int fanout = p.integer("fanout");
        long round = Time.ms(p.integer("roundMs"));
        long latency = Time.ms(p.integer("latencyMs"));
        double loss = p.number("loss");

        List<Result> results = new ArrayList<>();
        for (String mode : MODES) {
            results.add(run(p.seed(), mode, n, fanout, round, latency, loss));
        }
        List<LineChart.Series> curves = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> messages = new ArrayList<>();
        List<Double> rounds = new ArrayList<>();
        Result mine = null;
        long end = 1;
        for (Result result : results) {
            end = Math.max(end, result.doneAt());
        }
        int points = 30;
        for (Result result : results) {
            long[] times = result.informedAt().clone();
            Arrays.sort(times);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int k = 0; k <= points; k++) {
                long at = end * k / points;
                int count = 0;
                for (long t : times) {
                    if (t >= 0 && t <= at) {
                        count++;
                    }
                }
                x.add((double) Math.round(at / 1e6));
                y.add((double) Math.round(1000.0 * count / n) / 10);
            }
            String name = result.mode() + (result.mode().equals(chosen) ? " (chosen)" : "");
            curves.add(new LineChart.Series(name, x, y));
            labels.add(name);
            messages.add(result.messages() / (double) n);
            rounds.add(result.doneAt() / (double) round);
            if (result.mode().equals(chosen)) {
                mine = result;
            }
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(new LineChart(String.format(Locale.ROOT,
                "Share of %d nodes that know the rumour, fan-out %d, %d ms rounds, %d ms links (seed %d)",
                n, fanout, p.integer("roundMs"), p.integer("latencyMs"), p.seed()),
                "milliseconds since the rumour started", "% of nodes informed", curves));
        figures.add(new BarChart(String.format(Locale.ROOT,
                "Messages per node until every node knew (or the run stopped), seed %d", p.seed()),
                "", "messages per node", labels, messages));
        figures.add(new BarChart(String.format(Locale.ROOT,
                "Rounds until every node knew, against log2 N = %.1f (seed %d)", Math.log(n) / Math.log(2), p.seed()),
                "", "rounds", labels, rounds));

        Result r = mine;
        double log2 = Math.log(n) / Math.log(2);
        String summary = r.done()
                ? String.format(Locale.ROOT,
                        "%s with fan-out %d reached all %d nodes in %.0f ms, %.1f rounds of %d ms (log2 N = %.1f), "
                                + "sending %,d messages (%.1f per node).",
                        r.mode(), fanout, n, r.doneAt() / 1e6, r.doneAt() / (double) round, p.integer("roundMs"), log2,
                        r.messages(), r.messages() / (double) n)
                : String.format(Locale.ROOT,
                        "%s with fan-out %d had not reached all %d nodes after %d rounds (%d missing), having sent %,d messages.",
                        r.mode(), fanout, n, MAX_ROUNDS,
                        Arrays.stream(r.informedAt()).filter(t -> t < 0).count(), r.messages());
        return new LiveRun(summary, figures);
    }
}
