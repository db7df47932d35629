import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.eventlog.Batch;
import dev.loadbearing.sim.eventlog.EventLog;
import dev.loadbearing.sim.eventlog.LogEvent;
import dev.loadbearing.sim.eventlog.Primary;
import dev.loadbearing.sim.eventlog.Projection;
import dev.loadbearing.sim.eventlog.Projector;
import dev.loadbearing.sim.eventlog.ReadContext;
import dev.loadbearing.sim.eventlog.ReadModel;
import dev.loadbearing.sim.eventlog.Replica;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.metrics.Latencies;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Users editing their profiles (a write spike in the middle), three replicas of the profile read
 * model with different lags, a primary with four read workers, background page views without a
 * token, and writers reading their own profile soon after writing, with their write's position
 * as the token. Checks what the reader under test answered.
 */
final class ProfileTraffic {
    static final long READ_P99_LIMIT = Time.ms(150);
    static final double PRIMARY_SHARE_LIMIT = 0.05;

    final long seed;
    final Sim sim;
    final EventLog<String> log;
    final List<Replica<Long>> replicas = new ArrayList<>();
    final List<Projection<String, Long>> projections = new ArrayList<>();
    final Primary<Long> primary;
    final Latencies latency = new Latencies();
    final Latencies ownLatency = new Latencies();
    final double writeRate;
    final double spike;
    final double viewRate;
    long ownReads;
    long stale;
    long staleExample = -1;
    String staleFrom = "";
    long answered;
    long asked;
    long doubleAnswers;
    private final long duration = Time.seconds(6);
    private final long spikeFrom = Time.seconds(2);
    private final long spikeFor = Time.seconds(2);

    ProfileTraffic(long seed, double writeRate, double spike, double viewRate) {
        this.seed = seed;
        this.sim = new Sim(seed);
        this.log = new EventLog<>(sim, "profile edits");
        this.writeRate = writeRate;
        this.spike = spike;
        this.viewRate = viewRate;
        RandomStream order = sim.random("replica order");
        // {batch size, work per event in µs}: a fast, a middling and a slow replica, named in a seeded order
        List<int[]> kinds = new ArrayList<>(List.of(new int[] {500, 40}, new int[] {100, 60}, new int[] {50, 120}));
        for (int i = 0; i < 3; i++) {
            int[] kind = kinds.remove(order.nextInt(kinds.size()));
            ReadModel<Long> view = new ReadModel<>("replica-" + (i + 1));
            Projection<String, Long> p = new Projection<>(sim, view.name(), log, view, Counter::new)
                    .batchSize(kind[0]).readCost(Time.micros(kind[1] / 2)).writeCost(Time.micros(kind[1] / 2));
            projections.add(p);
            replicas.add(new Replica<>(sim, view, Time.ms(1)));
            long pause = Time.ms(1500 + 1200 * i + order.nextInt(500));    // a restart or a long GC pause, one at a time
            p.crashAt(pause);
            p.restartAt(pause + Time.ms(300 + order.nextInt(300)));
        }
        ReadModel<Long> fresh = new ReadModel<>("primary");
        Projection<String, Long> inStep = new Projection<>(sim, "primary", log, fresh, Counter::new)
                .fetchLatency(0).commitCost(0).readCost(0).writeCost(0).batchSize(1_000_000);
        projections.add(inStep);
        primary = new Primary<>(sim, "primary", log, fresh, 4, Time.ms(4));
    }

    ProfileTraffic run() {
        ProfileReader reader = new ProfileReader(List.copyOf(replicas), primary);
        ReadContext context = new ReadContext(sim);
        RandomStream writes = sim.random("writes");
        RandomStream views = sim.random("views");
        RandomStream users = sim.random("users");
        Runnable[] write = new Runnable[1];
        write[0] = () -> {
            if (sim.now() >= duration) {
                return;
            }
            String user = "user-" + users.nextInt(20_000);
            LogEvent<String> event = log.append(user, "edit");
            if (writes.chance(0.2)) {
                long delay = Time.ms(10 + writes.nextInt(90));
                sim.after(delay, "writer reads own profile", () -> ask(reader, context, user, event.position()));
            }
            boolean spiking = sim.now() >= spikeFrom && sim.now() < spikeFrom + spikeFor;
            sim.after(gap(writes, spiking ? writeRate * spike : writeRate), "edit", write[0]);
        };
        Runnable[] view = new Runnable[1];
        view[0] = () -> {
            if (sim.now() >= duration) {
                return;
            }
            ask(reader, context, "user-" + views.nextInt(20_000), 0);
            sim.after(gap(views, viewRate), "page view", view[0]);
        };
        projections.forEach(Projection::start);
        sim.after(0, "first edit", write[0]);
        sim.after(0, "first view", view[0]);
        sim.run();
        return this;
    }

    private static long gap(RandomStream random, double rate) {
        return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) / rate * Time.SECOND));
    }

    private void ask(ProfileReader reader, ReadContext context, String user, long token) {
        long start = sim.now();
        boolean[] done = {false};
        asked++;
        if (token > 0) {
            ownReads++;
        }
        sim.during(user + (token > 0 ? " reading their own write #" + token : " page view"), "was read");
        reader.read(user, token, context, read -> {
            if (done[0]) {
                doubleAnswers++;
                return;
            }
            done[0] = true;
            answered++;
            latency.record(sim.now() - start);
            if (token > 0) {
                ownLatency.record(sim.now() - start);
                if (read == null || read.position() < token) {
                    stale++;
                    if (staleExample < 0) {
                        staleExample = token;
                        staleFrom = read == null ? "a null answer" : read.from() + " at position " + read.position();
                    }
                }
            }
        });
    }

    String setting() {
        String burst = spike > 1 ? String.format(Locale.ROOT, " with a %.0f\u00d7 spike from 2 s to 4 s", spike) : ", no spike";
        return String.format(Locale.ROOT, "seed %d, %.0f edits/s%s, %.0f page views/s, each replica pausing once",
                seed, writeRate, burst, viewRate);
    }

    void assertEveryReadAnsweredOnce() {
        if (answered < asked || doubleAnswers > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d of %d reads were never answered and %d were answered twice; call answer exactly once per read.",
                    setting(), asked - answered, asked, doubleAnswers));
        }
    }

    void assertReadYourWrites() {
        if (stale > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d of %d writers did not see their own write; e.g. a writer whose edit was #%d got %s. A read with a "
                            + "token must come from a copy whose position() is at least the token: pick a replica that has caught up, "
                            + "wait for one (context.after), and only if none does in time, ask the primary.",
                    setting(), stale, ownReads, staleExample, staleFrom));
        }
    }

    void assertReadsFast() {
        long p99 = latency.percentile(99);
        double share = (double) primary.reads() / Math.max(1, asked);
        if (share > PRIMARY_SHARE_LIMIT) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %.0f%% of reads went to the primary (at most %.0f%%); its 4 workers serve about 1,000 reads/s, its queue "
                            + "reached %d reads and read p99 was %.0f ms. The primary is for the rare read no replica can answer in time: "
                            + "reads without a token, and reads whose replica has caught up, belong on the replicas.",
                    setting(), share * 100, PRIMARY_SHARE_LIMIT * 100, primary.longestQueue(), Time.toMillis(p99)));
        }
        if (p99 > READ_P99_LIMIT) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: read p99 was %.0f ms (at most %.0f ms; own-write reads p99 %.0f ms). Waiting for the slowest replica, "
                            + "or for every replica, makes writers wait out the spike: wait for the first replica that has your token.",
                    setting(), Time.toMillis(p99), Time.toMillis(READ_P99_LIMIT), Time.toMillis(ownLatency.percentile(99))));
        }
    }

    void showFigures() {
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        long until = duration + Time.seconds(1);
        for (int i = 0; i < 3; i++) {
            List<Double> seconds = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (long t = 0; t <= until; t += Time.ms(50)) {
                seconds.add(Time.toSeconds(t));
                values.add(Time.toMillis(projections.get(i).lagAt(t)));
            }
            series.add(new TimeSeriesChart.Series(replicas.get(i).name() + " lag", seconds, values));
        }
        Figures.attach(new TimeSeriesChart("Replica lag behind the log: " + setting(), "lag (ms)", series, List.of()));
        if (latency.max() <= Time.ms(2)) {
            return;                                            // every read took the replica's 1 ms: nothing to draw
        }
        Figures.attach(latency.chart(String.format(Locale.ROOT, "Read latency, %d reads, %.1f%% from the primary (seed %d)",
                answered, 100.0 * primary.reads() / Math.max(1, asked), seed), 20));
    }

    /** The replicas' projector: edits per user, exactly once. */
    static final class Counter implements Projector<String, Long> {
        @Override
        public long resumeAfter(ReadModel<Long> view) {
            return view.position();
        }

        @Override
        public void apply(Batch<String> batch, ReadModel<Long> view) {
            long applied = view.position();
            for (LogEvent<String> event : batch.events()) {
                if (event.position() > applied) {
                    Long edits = view.get(event.entity());
                    view.put(event.entity(), edits == null ? 1 : edits + 1);
                    applied = event.position();
                }
            }
            view.savePosition(applied);
        }
    }
}
