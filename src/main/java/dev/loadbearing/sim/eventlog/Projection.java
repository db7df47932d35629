package dev.loadbearing.sim.eventlog;

import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Outages;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.metrics.Latencies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * Feeds an {@link EventLog} to a {@link Projector} that keeps a {@link ReadModel}: a catch-up
 * subscription with at-least-once delivery, one batch at a time, in log order.
 *
 * <pre>{@code
 * Projection<OrderEvent, Summary> projection = new Projection<>(sim, "summaries", log, view, MyProjector::new)
 *         .batchSize(100)                      // the defaults
 *         .fetchLatency(Time.ms(1))            // from idle to a delivered batch
 *         .commitCost(Time.ms(2))              // per batch
 *         .readCost(Time.micros(20))           // per view.get
 *         .writeCost(Time.micros(40))          // per view.put or delete
 *         .logReadCost(Time.micros(5))         // per event of batch.readLog
 *         .duplicates(0.05, Time.ms(200));     // 5% of events come again within 200 ms
 * projection.start();                          // asks resumeAfter(view), then delivers
 * projection.crashAt(Time.seconds(10));        // loses the batch in progress and the projector
 * projection.restartAt(Time.seconds(12));      // a new projector from the supplier
 * sim.run();
 * projection.lag();                            // each event's time from append to first commit
 * }</pre>
 *
 * <p>A batch is delivered when the projector is idle and the log (or a duplicate) has something
 * for it, after the fetch latency; it holds the due duplicates, then the next events, up to the
 * batch size. The projector's {@code apply} runs at once; its view calls add their cost to the
 * commit cost, and its writes and saved position commit together that long after. Only then is
 * the next batch delivered: one batch is in flight at a time, so events of an entity are applied
 * in order. A crash discards the batch in progress (nothing of it commits) and the projector
 * instance; a restart makes a new one, asks it where to resume, and delivers from the event after
 * that. Every run with the same seed is the same.
 *
 * @param <E> the type of events
 * @param <V> the type of the read model's rows
 */
public final class Projection<E, V> {
    private final Sim sim;
    private final String name;
    private final EventLog<E> log;
    private final ReadModel<V> view;
    private final Supplier<? extends Projector<E, V>> factory;
    private final RandomStream random;
    private final Outages outages;
    private final PriorityQueue<long[]> duplicatesDue = new PriorityQueue<>(
            Comparator.<long[]>comparingLong(d -> d[1]).thenComparingLong(d -> d[0]));
    private final Latencies lag = new Latencies();
    private final List<long[]> frontierHistory = new ArrayList<>();
    private final List<long[]> resumes = new ArrayList<>();

    private int batchSize = 100;
    private long fetchLatency = Time.ms(1);
    private long commitCost = Time.ms(2);
    private long readCost = Time.micros(20);
    private long writeCost = Time.micros(40);
    private long logReadCost = Time.micros(5);
    private double duplicateShare;
    private long duplicateDelay = Time.ms(200);

    private Projector<E, V> projector;
    private boolean started;
    private boolean busy;
    private long wakeAt = -1;
    private long cursor = 1;
    private long[] firstCommit = new long[1024];
    private long frontier;
    private long highestCommitted;
    private long batches;
    private long delivered;
    private long duplicatesDelivered;
    private long replayed;
    private long busyTime;
    private long maxBatchWork;

    /**
     * Creates a projection; nothing is delivered before {@link #start()}.
     *
     * @param sim the simulation
     * @param name its name, for traces, faults and figures
     * @param log the events to project
     * @param view the read model the projector keeps
     * @param factory makes a projector at the start and after each restart (a new instance each time)
     */
    public Projection(Sim sim, String name, EventLog<E> log, ReadModel<V> view,
            Supplier<? extends Projector<E, V>> factory) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        this.log = Objects.requireNonNull(log, "log");
        this.view = Objects.requireNonNull(view, "view");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.random = sim.random("projection/" + name);
        this.outages = new Outages(sim, name + " crashed");
        frontierHistory.add(new long[] {0, 0});
        log.onAppend(event -> wake());
    }

    // ------------------------------------------------------------------- settings

    /**
     * Sets the most events one batch holds.
     *
     * @param events at least 1 (default 100)
     * @return this projection
     */
    public Projection<E, V> batchSize(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
        batchSize = events;
        return this;
    }

    /**
     * Sets how long a batch takes to arrive once the projector is idle and there is work.
     *
     * @param nanos default 1 ms
     * @return this projection
     */
    public Projection<E, V> fetchLatency(long nanos) {
        fetchLatency = nonNegative(nanos);
        return this;
    }

    /**
     * Sets the fixed cost of committing a batch.
     *
     * @param nanos default 2 ms
     * @return this projection
     */
    public Projection<E, V> commitCost(long nanos) {
        commitCost = nonNegative(nanos);
        return this;
    }

    /**
     * Sets the cost of one {@link ReadModel#get}.
     *
     * @param nanos default 20 µs
     * @return this projection
     */
    public Projection<E, V> readCost(long nanos) {
        readCost = nonNegative(nanos);
        return this;
    }

    /**
     * Sets the cost of one {@link ReadModel#put} or {@link ReadModel#delete}.
     *
     * @param nanos default 40 µs
     * @return this projection
     */
    public Projection<E, V> writeCost(long nanos) {
        writeCost = nonNegative(nanos);
        return this;
    }

    /**
     * Sets the cost of each event read with {@link Batch#readLog}.
     *
     * @param nanos default 5 µs
     * @return this projection
     */
    public Projection<E, V> logReadCost(long nanos) {
        logReadCost = nonNegative(nanos);
        return this;
    }

    /**
     * Makes delivery at least once: after each batch commits, each of its events is delivered
     * again with this probability, in a batch within {@code within} (a redelivery because an
     * acknowledgement was lost). Duplicates are drawn from the projection's random stream.
     *
     * @param share from 0 to 1 (default 0)
     * @param within the longest delay before the duplicate is due
     * @return this projection
     */
    public Projection<E, V> duplicates(double share, long within) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("a share of duplicates is between 0 and 1");
        }
        duplicateShare = share;
        duplicateDelay = nonNegative(within);
        return this;
    }

    private static long nonNegative(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a time is not negative");
        }
        return nanos;
    }

    // ------------------------------------------------------------------- running

    /** Starts the projector now: asks where to resume and begins delivering. */
    public void start() {
        if (started) {
            throw new IllegalStateException(name + " was already started");
        }
        started = true;
        begin();
    }

    /**
     * Crashes the projector now: its batch in progress and its memory are lost. Duplicates on
     * their way stay on their way (the log does not know the projector died), so the restarted
     * projector may be handed again an event its predecessor applied.
     */
    public void crash() {
        if (!outages.crash()) {
            return;
        }
        view.discard();
        projector = null;
        busy = false;
    }

    /** Restarts a crashed projector now, as a new instance from the supplier. */
    public void restart() {
        if (outages.restart()) {
            begin();
        }
    }

    /**
     * Crashes the projector at a time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void crashAt(long time) {
        sim.at(time, "crash " + name, this::crash);
    }

    /**
     * Restarts the projector at a time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void restartAt(long time) {
        sim.at(time, "restart " + name, this::restart);
    }

    private void begin() {
        projector = factory.get();
        ReadModel.Work work = new ReadModel.Work(readCost, writeCost, logReadCost, true);
        view.open(work);
        long resume;
        try {
            sim.during(name, "started and was asked where to resume");
            resume = projector.resumeAfter(view);
        } finally {
            view.close();
        }
        if (resume < 0) {
            throw new IllegalStateException("resumeAfter returned " + resume + ": a log position is 0 or more");
        }
        resumes.add(new long[] {sim.now(), resume});
        cursor = Math.min(resume, log.lastPosition()) + 1;
        busy = true;
        int epoch = outages.epoch();
        sim.after(work.nanos, name + " resumes", () -> {
            if (epoch == outages.epoch()) {
                busy = false;
                wake();
            }
        });
    }

    private void wake() {
        if (!started || busy || projector == null || !outages.isUp()) {
            return;
        }
        boolean due = !duplicatesDue.isEmpty() && duplicatesDue.peek()[1] <= sim.now() + fetchLatency;
        if (cursor <= log.lastPosition() || due) {
            busy = true;
            int epoch = outages.epoch();
            sim.after(fetchLatency, name + " delivers", () -> deliver(epoch));
        } else if (!duplicatesDue.isEmpty()) {
            long at = duplicatesDue.peek()[1] - fetchLatency;
            if (wakeAt != at) {
                wakeAt = at;
                sim.at(Math.max(at, sim.now()), name + " redelivers", this::wake);
            }
        }
    }

    private void deliver(int epoch) {
        if (epoch != outages.epoch()) {
            return;
        }
        List<LogEvent<E>> events = new ArrayList<>();
        List<Boolean> first = new ArrayList<>();
        while (events.size() < batchSize && !duplicatesDue.isEmpty() && duplicatesDue.peek()[1] <= sim.now()) {
            long position = duplicatesDue.poll()[0];
            if (position < cursor) {
                events.add(log.event(position));
                first.add(false);
                duplicatesDelivered++;
            }
        }
        while (events.size() < batchSize && cursor <= log.lastPosition()) {
            long position = cursor++;
            events.add(log.event(position));
            boolean again = position <= highestCommitted;
            first.add(!again);
            if (again) {
                replayed++;
            }
        }
        if (events.isEmpty()) {
            busy = false;
            wake();
            return;
        }
        delivered += events.size();
        batches++;
        ReadModel.Work work = new ReadModel.Work(readCost, writeCost, logReadCost, false);
        Batch<E> batch = new Batch<>(events, log, work, sim.now());
        view.open(work);
        try {
            sim.during(batch, "was delivered to " + name);
            projector.apply(batch, view);
        } finally {
            view.close();
        }
        maxBatchWork = Math.max(maxBatchWork, work.nanos);
        long cost = commitCost + work.nanos;
        busyTime += cost + fetchLatency;
        sim.after(cost, name + " commits", () -> commit(epoch, events, first));
    }

    private void commit(int epoch, List<LogEvent<E>> events, List<Boolean> first) {
        if (epoch != outages.epoch()) {
            return;
        }
        view.commit();
        long now = sim.now();
        for (int i = 0; i < events.size(); i++) {
            LogEvent<E> event = events.get(i);
            int p = (int) event.position();
            if (p >= firstCommit.length) {
                firstCommit = Arrays.copyOf(firstCommit, Math.max(p + 1, firstCommit.length * 2));
            }
            if (firstCommit[p] == 0) {
                firstCommit[p] = now + 1;                      // +1: time 0 is a real commit time
                lag.record(now - event.appendedAt());
            }
            highestCommitted = Math.max(highestCommitted, p);
            if (first.get(i) && duplicateShare > 0 && random.chance(duplicateShare)) {
                long delay = duplicateDelay == 0 ? 0 : (long) (random.nextDouble() * duplicateDelay);
                duplicatesDue.add(new long[] {p, now + delay});
            }
        }
        long before = frontier;
        while (frontier < log.lastPosition() && frontier + 1 < firstCommit.length && firstCommit[(int) frontier + 1] != 0) {
            frontier++;
        }
        if (frontier != before) {
            frontierHistory.add(new long[] {now, frontier});
        }
        busy = false;
        wake();
    }

    // ------------------------------------------------------------------- observing

    /**
     * Returns each projected event's lag: from its append to the commit that first put it in the
     * read model. Events not projected yet are not in it (see {@link #unprojected()}).
     *
     * @return the lags so far
     */
    public Latencies lag() {
        return lag;
    }

    /**
     * Returns the read model's lag at a time: how long the oldest event appended by then, and not
     * yet projected by then, had been waiting; 0 when the read model was caught up.
     *
     * @param time nanoseconds since the start of the run (at most now)
     * @return nanoseconds
     */
    public long lagAt(long time) {
        long through = 0;
        for (long[] step : frontierHistory) {
            if (step[0] > time) {
                break;
            }
            through = step[1];
        }
        if (through >= log.lastPosition()) {
            return 0;
        }
        LogEvent<E> oldest = log.event(through + 1);
        return oldest.appendedAt() <= time ? time - oldest.appendedAt() : 0;
    }

    /**
     * Returns how many events of the log have not been committed to the read model even once.
     *
     * @return 0 when every event has been projected
     */
    public long unprojected() {
        long missing = 0;
        for (long p = 1; p <= log.lastPosition(); p++) {
            if (p >= firstCommit.length || firstCommit[(int) p] == 0) {
                missing++;
            }
        }
        return missing;
    }

    /**
     * Returns the first position not yet projected (the read model's lag in events is the log's
     * last position minus this, plus one).
     *
     * @return every event up to this position has been committed at least once
     */
    public long projectedThrough() {
        return frontier;
    }

    /**
     * Returns when an event first reached the read model: the commit of the first batch that
     * held it.
     *
     * @param position the event's position
     * @return nanoseconds since the start of the run, or -1 if it has not been projected
     */
    public long projectedAt(long position) {
        return position >= 1 && position < firstCommit.length && firstCommit[(int) position] != 0
                ? firstCommit[(int) position] - 1 : -1;
    }

    /**
     * Returns the highest position of an event in a committed batch: what the read model
     * includes, whatever position the projector saved.
     *
     * @return 0 before the first commit
     */
    public long committedThrough() {
        return highestCommitted;
    }

    /**
     * Returns whether the projector is idle with nothing left to deliver.
     *
     * @return {@code true} when caught up
     */
    public boolean caughtUp() {
        return started && outages.isUp() && !busy && cursor > log.lastPosition() && duplicatesDue.isEmpty();
    }

    /**
     * Returns the positions the projector asked to resume after, with when.
     *
     * @return pairs {time, position}, oldest first
     */
    public List<long[]> resumes() {
        return resumes.stream().map(long[]::clone).toList();
    }

    /**
     * Returns counts: batches, events delivered, duplicates delivered, events replayed (delivered
     * again after a restart although an earlier batch had committed them), crashes.
     *
     * @return the statistics
     */
    public ProjectionStats stats() {
        return new ProjectionStats(batches, delivered, duplicatesDelivered, replayed, outages.faults().size(),
                busyTime, maxBatchWork);
    }

    /**
     * Returns every crash so far with its restart, for fault bands.
     *
     * @return the faults, oldest first
     */
    public List<Fault> faults() {
        return outages.faults();
    }

    /**
     * Draws the read model's lag over a run, sampled every {@code step}, with crash bands.
     *
     * @param title the figure's title (name the seed)
     * @param until the end of the chart
     * @param step the sampling interval
     * @return the figure
     */
    public TimeSeriesChart lagChart(String title, long until, long step) {
        List<Double> seconds = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (long t = 0; t <= until && seconds.size() < 1000; t += step) {
            seconds.add(Time.toSeconds(t));
            values.add(Time.toMillis(lagAt(t)));
        }
        List<Band> bands = new ArrayList<>();
        for (Fault fault : outages.faults()) {
            bands.add(new Band(Time.toSeconds(fault.start()),
                    Time.toSeconds(fault.end() < 0 ? until : Math.min(fault.end(), until)), "projector down"));
        }
        return new TimeSeriesChart(title, "lag (ms)",
                List.of(new TimeSeriesChart.Series(view.name() + " lag", seconds, values)), bands);
    }

    /**
     * Rebuilds a read model from scratch: a new projector from the supplier, an empty read model,
     * the whole log delivered once in order without duplicates or crashes, in a simulation of its
     * own. A projection is a function of the log, so the result must equal the live read model.
     *
     * @param log the events
     * @param name the rebuilt read model's name
     * @param factory makes the projector
     * @param <E> the type of events
     * @param <V> the type of rows
     * @return the rebuilt read model
     */
    public static <E, V> ReadModel<V> rebuild(EventLog<E> log, String name, Supplier<? extends Projector<E, V>> factory) {
        Sim sim = new Sim(log.sim().seed());
        EventLog<E> copy = new EventLog<>(sim, log.name());
        ReadModel<V> view = new ReadModel<>(name);
        Projection<E, V> projection = new Projection<>(sim, name, copy, view, factory).fetchLatency(0);
        projection.start();
        for (LogEvent<E> event : log.events()) {
            copy.append(event.entity(), event.value());
        }
        sim.run();
        return view;
    }

    @Override
    public String toString() {
        return "Projection[" + name + ", through #" + frontier + " of " + log.lastPosition()
                + (outages.isUp() ? "" : ", down") + "]";
    }
}
