import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.eventlog.Batch;
import dev.loadbearing.sim.eventlog.EventLog;
import dev.loadbearing.sim.eventlog.LogEvent;
import dev.loadbearing.sim.eventlog.Projection;
import dev.loadbearing.sim.eventlog.Projector;
import dev.loadbearing.sim.eventlog.ReadModel;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.Latencies;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes at a steady rate with a spike, appended to an event log and projected into a read model
 * in batches (1 ms to fetch a batch, 2 ms to commit it, plus the projector's work per event). Each
 * writer reads its own page a while after writing: either at once (stale if the projection has not
 * reached the write yet) or with its write's position as a version token, waiting until the read
 * model has it.
 */
public final class Scenario implements LiveScenario {
    private static final long RUN = Time.seconds(10);
    private static final long SPIKE_FROM = Time.seconds(3);
    private static final long SPIKE_FOR = Time.seconds(2);

    @Override
    public LiveRun run(LiveParameters p) {
        int rate = p.integer("rate");
        int spike = p.integer("spike");
        long work = Time.micros(p.integer("work"));
        int batch = p.integer("batch");
        long readAfter = Time.ms(p.integer("readAfter"));
        boolean wait = p.choice("reads").equals("wait-for-version");

        Sim sim = new Sim(p.seed());
        EventLog<String> log = new EventLog<>(sim, "writes");
        ReadModel<Long> view = new ReadModel<>("pages");
        Projection<String, Long> projection = new Projection<>(sim, "pages", log, view, Counter::new)
                .batchSize(batch).readCost(work / 2).writeCost(work - work / 2);
        RandomStream arrivals = sim.random("writes");
        RandomStream users = sim.random("users");
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (sim.now() >= RUN) {
                return;
            }
            log.append("user-" + users.nextInt(5000), "edit");
            boolean spiking = sim.now() >= SPIKE_FROM && sim.now() < SPIKE_FROM + SPIKE_FOR;
            double r = spiking ? (double) rate * spike : rate;
            sim.after(Math.max(1, (long) (-Math.log(1 - arrivals.nextDouble()) / r * Time.SECOND)), "write", next[0]);
        };
        sim.after(0, "first write", next[0]);
        projection.start();
        sim.run();

        long bucket = Time.ms(250);
        int buckets = (int) (RUN / bucket) + 4;
        double[] reads = new double[buckets];
        double[] stale = new double[buckets];
        Latencies waits = new Latencies();
        long staleReads = 0;
        for (LogEvent<String> event : log.events()) {
            long readAt = event.appendedAt() + readAfter;
            long projected = projection.projectedAt(event.position());
            boolean behind = projected < 0 || projected > readAt;
            int b = (int) Math.min(buckets - 1, readAt / bucket);
            reads[b]++;
            if (wait) {
                waits.record(behind ? (projected < 0 ? RUN : projected - readAt) : 0);
            } else if (behind) {
                stale[b]++;
                staleReads++;
            }
        }
        List<Double> seconds = new ArrayList<>();
        List<Double> share = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            seconds.add(Time.toSeconds(b * bucket));
            share.add(reads[b] == 0 ? 0 : 100 * stale[b] / reads[b]);
        }
        long events = log.lastPosition();
        String setting = String.format(Locale.ROOT, "%,d writes/s, %d\u00d7 spike, %d \u00b5s per event, batches of %d, seed %d",
                rate, spike, p.integer("work"), batch, p.seed());
        String readers = wait
                ? String.format(Locale.ROOT, "every writer saw its own write; waiting for it took %.0f ms at p99 and %.0f ms at most",
                        Time.toMillis(waits.percentile(99)), Time.toMillis(waits.max()))
                : String.format(Locale.ROOT, "%,d of %,d writers (%.1f%%) read their page %d ms after writing and did not see their own change",
                        staleReads, events, 100.0 * staleReads / Math.max(1, events), p.integer("readAfter"));
        String summary = String.format(Locale.ROOT,
                "%,d writes; the read model's lag was %.0f ms at p50, %.0f ms at p99 and %.0f ms at worst. %s.",
                events, Time.toMillis(projection.lag().percentile(50)), Time.toMillis(projection.lag().percentile(99)),
                Time.toMillis(projection.lag().max()), readers);
        List<dev.loadbearing.sim.figure.Figure> figures = new ArrayList<>();
        figures.add(projection.lagChart("Read model lag behind the log (" + setting + ")", RUN + Time.seconds(1), Time.ms(50)));
        if (wait) {
            figures.add(waits.chart("How long a writer waited for its own write (" + setting + ")", 20));
        } else {
            figures.add(new TimeSeriesChart("Writers who read their page without their own change, % (" + setting + ")", "stale reads (%)",
                    List.of(new TimeSeriesChart.Series("stale reads", seconds, share)), List.of()));
        }
        return new LiveRun(summary, figures);
    }

    /** Counts edits per user; skips what the saved position already includes. */
    public static final class Counter implements Projector<String, Long> {
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
