package dev.loadbearing.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.grading.GradeResult;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SharedAdmission;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grading queue, shared by every node on one database. A stored, pending submission is a job;
 * each node runs as many graders as it has active workers, and a grader takes the oldest free job
 * ({@code FOR UPDATE SKIP LOCKED}), holds a lease on it that it renews while it grades, and writes
 * the verdict only while it still holds the lease. A job whose node died (or stopped) is free again
 * once its lease runs out (or at once, when the node let go of it), so another node grades it.
 * The node that took the learner's request waits for the verdict, whichever node wrote it.
 *
 * <p>The rate limits and the queue's size are shared too ({@link #admission()}): a bucket per
 * learner and per address in the database, and the sum of the capacities the nodes announced
 * in their last heartbeats.
 */
public final class GradingQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GradingQueue.class);
    /** A job taken this many times without a verdict (each time its grader stopped) ends as an error. */
    static final int MAX_TAKES = 3;

    /**
     * How this node takes part.
     *
     * @param node      this node's name among those on the database; it must stay the same across
     *                  restarts of one node (so a restarted node frees the jobs it held at once)
     *                  and differ between nodes
     * @param leaseMs   how long a job stays with a grader that stopped renewing it
     * @param pollMs    how often an idle grader looks for jobs that other nodes stored
     * @param embedded  whether the database is this process's own (embedded): every lease is then
     *                  dead at start
     */
    public record Settings(String node, long leaseMs, long pollMs, boolean embedded) {
        public Settings {
            if (node == null || node.isBlank() || node.length() > 100) {
                throw new IllegalArgumentException("a node name has 1 to 100 characters");
            }
            if (leaseMs < 1_000 || pollMs < 10 || pollMs > leaseMs) {
                throw new IllegalArgumentException("the lease must be at least a second and longer than the poll interval");
            }
        }

        public static Settings defaults(boolean embedded, int port) {
            return new Settings(defaultNode(port), 30_000, 500, embedded);
        }

        /** The host's name and the port: the same for one node across restarts, different between nodes. */
        public static String defaultNode(int port) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
            return host + ":" + port;
        }

        public Settings withNode(String name) {
            return new Settings(name, leaseMs, pollMs, embedded);
        }

        public Settings withLease(long lease, long poll) {
            return new Settings(node, lease, poll, embedded);
        }
    }

    private final SubmissionDao submissions;
    private final GradingClusterDao cluster;
    private final Supplier<GradingService> grading;
    private final ExerciseCatalog exercises;
    private final Settings settings;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Long, CompletableFuture<GradeResult>> waiting = new ConcurrentHashMap<>();
    private final Object work = new Object();
    private final List<Thread> graders = new ArrayList<>();
    private final AtomicLong graded = new AtomicLong();
    private ScheduledExecutorService beats;
    private volatile boolean running;

    public GradingQueue(SubmissionDao submissions, GradingClusterDao cluster, Supplier<GradingService> grading,
                        ExerciseCatalog exercises, Settings settings, Clock clock) {
        this.submissions = submissions;
        this.cluster = cluster;
        this.grading = grading;
        this.exercises = exercises;
        this.settings = settings;
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Joins the cluster and starts grading: frees the jobs this node held before it stopped (on the
     * embedded database, every job), announces its capacity, and starts one grader per active
     * worker. Jobs left pending by an earlier run are graded first, oldest first.
     *
     * @return how many jobs were waiting at the start
     */
    public synchronized int start() {
        if (running) {
            return 0;
        }
        int freed = settings.embedded() ? submissions.releaseAll() : submissions.release(settings.node());
        if (freed > 0) {
            LOG.info("freed {} grading job(s) this node held when it stopped", freed);
        }
        GradingService service = grading.get();
        service.share(admission());
        heartbeat();
        running = true;
        int count = service.pool().settings().active();
        for (int i = 0; i < count; i++) {
            Thread grader = new Thread(this::grade, "grader-" + (i + 1));
            grader.setDaemon(true);
            graders.add(grader);
            grader.start();
        }
        long beat = heartbeatMillis();
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grading-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
        int pending = submissions.pendingCount();
        LOG.info("grading queue: node {}, {} grader(s), lease {} ms; {} job(s) waiting", settings.node(), count,
                settings.leaseMs(), pending);
        return pending;
    }

    private long heartbeatMillis() {
        return Math.max(100, Math.min(settings.leaseMs() / 3, 5_000));
    }

    private void beat() {
        try {
            submissions.renew(settings.node(), clock.millis() + settings.leaseMs());
            heartbeat();
            cluster.forgetBuckets(clock.millis() - Duration.ofMinutes(10).toMillis());
        } catch (RuntimeException e) {
            LOG.warn("grading heartbeat failed: {}", e.toString());
        }
    }

    private void heartbeat() {
        cluster.heartbeat(settings.node(), grading.get().capacity(), clock.millis());
    }

    /** Tells this node's idle graders that a job was stored. */
    private void wake() {
        synchronized (work) {
            work.notifyAll();
        }
    }

    private void grade() {
        while (running) {
            Optional<Long> job;
            try {
                long now = clock.millis();
                job = submissions.claim(settings.node(), now, now + settings.leaseMs());
            } catch (RuntimeException e) {
                LOG.warn("cannot take a grading job: {}", e.toString());
                job = Optional.empty();
            }
            try {
                if (job.isEmpty()) {
                    synchronized (work) {
                        // Jittered, so the graders of several nodes do not all ask at once.
                        work.wait(settings.pollMs() / 2 + ThreadLocalRandom.current().nextLong(settings.pollMs() / 2 + 1));
                    }
                    continue;
                }
                gradeJob(job.get());
            } catch (InterruptedException e) {
                return; // stopping: close() frees the job for another node
            } catch (RuntimeException e) {
                LOG.error("grading job {} failed; it is freed to be taken again", job.orElse(-1L), e);
                job.ifPresent(id -> submissions.releaseJob(id, settings.node()));
            }
        }
    }

    private void gradeJob(long id) throws InterruptedException {
        StoredSubmission job = submissions.find(id).orElse(null);
        if (job == null || !StoredSubmission.PENDING.equals(job.status())) {
            return;
        }
        Optional<Exercise> exercise = exercises.exercise(job.exerciseId());
        GradeResult result;
        String version = exercise.map(Exercise::version).orElse(job.exerciseVersion());
        int takes = submissions.gradingAttempts(id);
        if (exercise.isEmpty()) {
            result = error(job, "This exercise no longer exists, so the submission could not be graded.");
        } else if (takes > MAX_TAKES) {
            result = error(job, "This submission could not be graded: the graders that took it stopped " + MAX_TAKES
                    + " times before finishing. Nothing you can fix by waiting; send it again, and tell your instructor if this repeats.");
        } else {
            result = grading.get().gradeJob(exercise.get(), files(job.files()), Exercise.Mode.valueOf(job.mode()));
        }
        int written = submissions.recordHeld(id, settings.node(), result.status().name(), result.score(), result.maxScore(),
                write(result), version);
        if (written == 0) {
            LOG.info("grading job {} was taken over by another node before this one finished; its verdict is theirs", id);
            return;
        }
        graded.incrementAndGet();
        if (!job.submit()) {
            submissions.keepNewest(job.learner(), job.exerciseId(), job.mode(), ExerciseService.RUNS_KEPT);
        }
        CompletableFuture<GradeResult> waiter = waiting.get(id);
        if (waiter != null) {
            waiter.complete(result);
        }
    }

    private static GradeResult error(StoredSubmission job, String message) {
        return new GradeResult(GradeResult.Status.error, 0, job.maxScore(), message, List.of(), List.of(), List.of(), 0, false);
    }

    /**
     * Waits for a stored job's verdict, written by this node or another. Returns empty when it is
     * not written within {@code timeout}: the job stays queued and is graded later.
     */
    public Optional<GradeResult> await(long id, Duration timeout) throws InterruptedException {
        CompletableFuture<GradeResult> done = waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
        wake();
        long deadline = System.nanoTime() + timeout.toNanos();
        long poll = Math.max(50, Math.min(250, settings.pollMs()));
        try {
            while (System.nanoTime() < deadline) {
                try {
                    return Optional.of(done.get(poll, TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    // Another node may have graded it: the database says.
                    Optional<StoredSubmission> stored = submissions.find(id);
                    if (stored.isEmpty()) {
                        return Optional.empty();
                    }
                    if (!StoredSubmission.PENDING.equals(stored.get().status())) {
                        return Optional.of(result(stored.get().result()));
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return Optional.empty();
        } finally {
            waiting.remove(id);
        }
    }

    /** Verdicts this node wrote since it started. */
    public long graded() {
        return graded.get();
    }

    /** The admission limits this queue shares with the other nodes. */
    public SharedAdmission admission() {
        return new SharedAdmission() {
            @Override
            public Duration take(String bucket, int perMinute, int burst) {
                long wait;
                try {
                    wait = cluster.take(bucket, perMinute, burst, clock.millis());
                } catch (RuntimeException e) {
                    // Another node created the same bucket at the same moment: it exists now.
                    wait = cluster.take(bucket, perMinute, burst, clock.millis());
                }
                return wait == 0 ? null : Duration.ofMillis(wait);
            }

            @Override
            public Duration full() {
                GradingService service = grading.get();
                long since = clock.millis() - 3 * heartbeatMillis();
                int capacity = Math.max(service.capacity(), cluster.capacity(since));
                int pending = submissions.pendingCount();
                if (pending < capacity) {
                    return null;
                }
                int nodes = Math.max(1, cluster.nodes(since));
                long seconds = Math.max(1, (pending * service.averageMillis() / (nodes * service.pool().settings().active()) + 999) / 1000);
                return Duration.ofSeconds(seconds);
            }
        };
    }

    /** Stops grading: the graders stop (a grading cut short is lost) and this node's jobs are freed for the others. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        beats.shutdownNow();
        graders.forEach(Thread::interrupt);
        for (Thread grader : graders) {
            try {
                grader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            int freed = submissions.release(settings.node());
            cluster.leave(settings.node());
            if (freed > 0) {
                LOG.info("freed {} grading job(s) for the other nodes", freed);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot free this node's grading jobs (they are taken again when their leases run out): {}", e.toString());
        }
    }

    private GradeResult result(String stored) {
        try {
            return json.readValue(stored, GradeResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored result is not readable", e);
        }
    }

    private Map<String, String> files(String files) {
        try {
            return json.readValue(files, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored submission's files are not readable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }
}
