package dev.loadbearing.grading;

import dev.loadbearing.sandbox.Job;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm worker JVMs: {@code active} run jobs at once (one per core by default), and one more waits
 * warm, so a worker that is killed or recycled is replaced at once while a new one starts and
 * warms up in the background. Workers are retired after {@code recycleAfter} jobs, or at once
 * after a timeout, a crash, a protocol error or a dirty health check.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** How long a worker may take to start before it counts as broken. */
    static final long START_TIMEOUT_MS = 30_000;
    /** The longest the first spare workers wait for the active ones to be warm before they start. */
    static final long SPARE_DELAY_MS = 10_000;

    /** How the pool is sized and warmed. */
    public record Settings(int active, int spare, int recycleAfter, int warmupJobs) {
        /** One worker per core plus a warm spare, recycled after 200 jobs, warmed with 3 jobs. */
        public static Settings forServer() {
            return new Settings(Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 200, 3);
        }

        /** One cold worker for a command-line run that grades a few submissions. */
        public static Settings forCommandLine() {
            return new Settings(1, 0, 200, 0);
        }
    }

    private final WorkerLauncher launcher;
    private final Settings settings;
    private final long createdNanos;
    private volatile boolean warm;
    private final Supplier<List<Job>> warmups;
    private final LinkedBlockingDeque<Worker> idle = new LinkedBlockingDeque<>();
    private final List<Worker> all = new ArrayList<>();
    private final Semaphore slots;
    private final ExecutorService starter;
    private final AtomicInteger starting = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong retired = new AtomicLong();
    private final AtomicLong startFailures = new AtomicLong();
    private volatile String lastStartFailure;
    private volatile boolean closed;

    WorkerPool(WorkerLauncher launcher, Settings settings) {
        this(launcher, settings, () -> List.of(Warmup.job(UUID.randomUUID().toString())));
    }

    /**
     * Starts the workers.
     *
     * @param warmups the jobs a new worker runs before it takes real work (fresh ones for every
     *                call, cycled through {@code settings.warmupJobs()} times); they also train the
     *                class-data archive
     */
    WorkerPool(WorkerLauncher launcher, Settings settings, Supplier<List<Job>> warmups) {
        this.launcher = launcher;
        this.settings = settings;
        this.warmups = warmups;
        this.slots = new Semaphore(settings.active(), true);
        this.createdNanos = System.nanoTime();
        this.starter = Executors.newFixedThreadPool(settings.active() + settings.spare(), r -> {
            Thread t = new Thread(r, "worker-starter");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < settings.active(); i++) {
            startOne();
        }
        // The spares start once the active workers are warm (or after a while), so on a machine with
        // one core per active worker the first gradings do not wait for JVMs competing for the CPU.
        for (int i = 0; i < settings.spare(); i++) {
            startOneAfterActive();
        }
        if (settings.spare() > 0 && !launcher.hasArchive()) {
            // Queued behind the first workers, so it never delays the pool's first start; workers
            // started after it (replacements, recycled ones, the next server start) use the archive.
            starter.execute(this::buildArchive);
        }
    }

    private void buildArchive() {
        if (closed) {
            return;
        }
        var jobs = new ArrayList<Job>(warmups.get());
        jobs.addAll(warmups.get());
        WorkerArchive.build(launcher, jobs).ifPresent(launcher::useArchive);
    }

    WorkerLauncher launcher() {
        return launcher;
    }

    /**
     * Runs a job on a warm worker, waiting up to {@code waitMillis} for one.
     *
     * @return what the worker sent, or null when no worker became free in time
     */
    Worker.Run run(Job job, long hardDeadlineMillis, long waitMillis) throws InterruptedException {
        Worker.Run run = runOnce(job, hardDeadlineMillis, waitMillis);
        if (run != null && run.ending() == Worker.Ending.DIED && run.neverStarted()) {
            // The worker died while idle (killed from outside, say): not the submission's fault.
            return runOnce(job, hardDeadlineMillis, waitMillis);
        }
        return run;
    }

    private Worker.Run runOnce(Job job, long hardDeadlineMillis, long waitMillis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        try {
            Worker worker = idle.pollFirst(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            while (worker != null && !worker.alive()) {
                // Died while idle (killed from outside, say): replace it and take the next one.
                LOG.warn("a grading worker died while idle ({}); replacing it", worker.exitSummary());
                retire(worker);
                if (!closed) {
                    startOne();
                }
                worker = idle.pollFirst(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            if (worker == null) {
                return null;
            }
            Worker.Run run;
            try {
                run = worker.run(job, hardDeadlineMillis);
            } finally {
                giveBack(worker);
            }
            return run;
        } finally {
            slots.release();
        }
    }

    private void giveBack(Worker worker) {
        if (!closed && worker.reusable(settings.recycleAfter())) {
            idle.addFirst(worker); // the most recently used worker is the warmest
            return;
        }
        retire(worker);
        if (!closed) {
            startOne();
        }
    }

    private void retire(Worker worker) {
        synchronized (all) {
            all.remove(worker);
        }
        retired.incrementAndGet();
        worker.kill();
    }

    private void startOneAfterActive() {
        starting.incrementAndGet();
        starter.execute(() -> {
            try {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SPARE_DELAY_MS);
                while (!closed && idle.size() < settings.active() && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                starting.decrementAndGet();
            }
            if (!closed) {
                startOne();
            }
        });
    }

    private void startOne() {
        starting.incrementAndGet();
        starter.execute(() -> {
            try {
                boolean withArchive = launcher.hasArchive();
                Worker worker;
                try {
                    worker = Worker.start(launcher, START_TIMEOUT_MS);
                } catch (IOException e) {
                    if (!withArchive || closed || Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    // Try once without the archive; if that works, the archive was the trouble.
                    worker = Worker.startWithoutArchive(launcher, START_TIMEOUT_MS);
                    launcher.dropArchive();
                }
                if (withArchive && worker.stderrText().contains("shared archive")) {
                    launcher.dropArchive(); // the JVM could not use it: later workers start without it
                }
                for (int i = 0; i < settings.warmupJobs() && worker.alive(); i++) {
                    List<Job> jobs = warmups.get();
                    Worker.Run run = worker.run(jobs.get(i % jobs.size()), Warmup.WARMUP_TOTAL_MS + GradingService.HARD_DEADLINE_MARGIN_MS);
                    if (!worker.reusable(Integer.MAX_VALUE)) {
                        // A warm-up that left the worker unusable (it halts after a dirty health check).
                        worker.kill();
                        throw new IllegalStateException("a warm-up job left the worker unusable: " + run.ending()
                                + (run.health() != null ? " " + run.health().path("reason").asText() : "")
                                + (run.detail() != null ? " " + run.detail() : ""));
                    }
                }
                synchronized (all) {
                    if (closed) {
                        worker.kill();
                        return;
                    }
                    all.add(worker);
                }
                idle.addLast(worker);
                if (started.incrementAndGet() == settings.active()) {
                    warm = true;
                    LOG.info("grading workers warm: {} ready {} ms after the pool started", settings.active(),
                            (System.nanoTime() - createdNanos) / 1_000_000);
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                startFailures.incrementAndGet();
                lastStartFailure = e.getMessage();
                LOG.error("a grading worker failed to start: {}", e.getMessage());
                if (!closed && startFailures.get() < 5 + 2L * started.get()) {
                    startOne();
                }
            } finally {
                starting.decrementAndGet();
            }
        });
    }

    /**
     * Waits until every worker the pool wants is started and idle.
     *
     * @return whether that happened within the time
     */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < until) {
            // A worker that died while idle (killed from outside) is replaced now, not when a job needs it.
            for (Worker worker : List.copyOf(idle)) {
                if (!worker.alive() && idle.remove(worker)) {
                    LOG.warn("a grading worker died while idle ({}); replacing it", worker.exitSummary());
                    retire(worker);
                    if (!closed) {
                        startOne();
                    }
                }
            }
            if (starting.get() == 0 && idle.size() == settings.active() + settings.spare()
                    && idle.stream().allMatch(Worker::alive)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Whether the pool has had every active worker started and warmed (it stays true while it replaces them). */
    /** Worker JVMs started so far (the first ones and every replacement). */
    public long started() {
        return started.get();
    }

    /** Worker JVMs retired so far: recycled after their jobs, or killed after a timeout or a crash. */
    public long retired() {
        return retired.get();
    }

    /** Worker JVMs that failed to start. */
    public long startFailures() {
        return startFailures.get();
    }

    public boolean warm() {
        return warm;
    }

    /** What the pool holds now. */
    public record Status(int idle, int starting, int size, long started, long retired, long startFailures,
                         String lastStartFailure, long workersResidentKib, List<Long> pids) {}

    public Status status() {
        List<Worker> workers;
        synchronized (all) {
            workers = List.copyOf(all);
        }
        long rss = workers.stream().mapToLong(Worker::residentKib).sum();
        return new Status(idle.size(), starting.get(), workers.size(), started.get(), retired.get(), startFailures.get(),
                lastStartFailure, rss, workers.stream().map(Worker::pid).toList());
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        List<Worker> workers;
        synchronized (all) {
            workers = List.copyOf(all);
            all.clear();
        }
        workers.forEach(Worker::kill);
        idle.clear();
    }

    /** For logs: how the workers are isolated. */
    public String sandboxDescription() {
        return launcher.describe();
    }

    boolean sandboxed() {
        return launcher.sandboxed();
    }

    static Map<String, String> files(String... namesAndTexts) {
        var map = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            map.put(namesAndTexts[i], namesAndTexts[i + 1]);
        }
        return map;
    }
}
