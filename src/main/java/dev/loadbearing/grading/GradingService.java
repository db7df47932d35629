package dev.loadbearing.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.course.ExerciseParser;
import dev.loadbearing.sandbox.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grades submissions: the one entry point for the server, {@code grade} and {@code validate}.
 * It admits work through a bounded queue and a per-user and per-address rate limit, answers
 * repeated submissions from a cache keyed by a hash of the source and the exercise version,
 * runs the job on a warm sandboxed worker, and scores the result from the tests the exercise
 * expects (a test that did not report, was aborted or skipped earns nothing).
 */
public final class GradingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GradingService.class);
    /** Time the worker gets beyond the job's own limit to report a timeout itself, before it is killed. */
    static final long HARD_DEADLINE_MARGIN_MS = 3_000;
    /** Bytes (as JSON) the result cache holds at most; each result is at most {@link ResultLimits#MAX_RESULT_BYTES}. */
    static final long CACHE_BYTES = 64L << 20;

    /**
     * Admission settings.
     *
     * @param maxQueued    submissions allowed to wait for a worker beyond those running; more get {@link GradeOutcome.Busy}
     * @param queueWaitMs  the longest a submission waits for a worker
     * @param perMinute    gradings per learner per minute (0: no limit); an address may use
     *                     {@value #ADDRESS_CEILING} times as many, shared by every learner behind it
     * @param burst        gradings a learner may ask for at once before the rate applies (an address: that times {@value #ADDRESS_CEILING})
     * @param cacheEntries results kept in the cache
     */
    public record Settings(int maxQueued, long queueWaitMs, int perMinute, int burst, int cacheEntries) {
        public static Settings forServer() {
            return new Settings(32, 20_000, 30, 10, 2_000);
        }

        /** No rate limit, no queue limit: one person grading their own files. */
        public static Settings forCommandLine() {
            return new Settings(1_000, 120_000, 0, 0, 100);
        }
    }

    /**
     * A submission.
     *
     * @param exerciseId the exercise
     * @param files      the learner's files by name (editable files of the exercise)
     * @param mode       Run (visible tests) or Submit (every test)
     * @param user       who submits (rate limit key), or null
     * @param address    the client address (rate limit key), or null
     */
    public record Submission(String exerciseId, Map<String, String> files, Exercise.Mode mode, String user, String address) {}

    private final ExerciseCatalog exercises;
    private final WorkerPool pool;
    private final Settings settings;
    /** How many times a learner's rate limit one address may use, for a classroom behind one NAT. */
    static final int ADDRESS_CEILING = 10;
    private final RateLimiter limiter;
    private final RateLimiter addressCeiling;
    private final ResultCache cache;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong gradedCount = new AtomicLong();
    private final AtomicLong gradedMillis = new AtomicLong();
    /** Limits shared with the other nodes on the database, or null for this JVM's own. */
    private volatile SharedAdmission shared;

    GradingService(ExerciseCatalog exercises, WorkerPool pool, Settings settings) {
        this.exercises = exercises;
        this.pool = pool;
        this.settings = settings;
        this.limiter = new RateLimiter(settings.perMinute(), settings.burst());
        this.addressCeiling = new RateLimiter(settings.perMinute() * ADDRESS_CEILING, settings.burst() * ADDRESS_CEILING);
        this.cache = new ResultCache(settings.cacheEntries(), CACHE_BYTES);
    }

    /**
     * Starts the worker pool and returns the service.
     *
     * @param workDir where the worker jar is written
     * @throws IllegalStateException when {@code mode} is REQUIRE and bubblewrap is missing
     */
    public static GradingService start(ExerciseCatalog exercises, SandboxMode mode, Path workDir,
            WorkerPool.Settings poolSettings, Settings settings) {
        WorkerLauncher launcher = WorkerLauncher.detect(mode, workDir);
        LOG.info("grading workers: {} active + {} spare; {}", poolSettings.active(), poolSettings.spare(), launcher.describe());
        return new GradingService(exercises, new WorkerPool(launcher, poolSettings, () -> Warmup.jobs(exercises)), settings);
    }

    /**
     * Counts rate limits and the queue in {@code admission}, shared by every node, instead of in this
     * JVM. An admitted submission then holds no place here: the stored job is its place.
     */
    public void share(SharedAdmission admission) {
        this.shared = admission;
    }

    /** Gradings this node runs at once plus those it lets wait: its share of the queue. */
    public int capacity() {
        return pool.settings().active() + settings.maxQueued();
    }

    /** The mean time of the gradings done so far (200 ms before the first), to estimate waits. */
    public long averageMillis() {
        return gradedCount.get() == 0 ? 200 : gradedMillis.get() / gradedCount.get();
    }

    public Settings settings() {
        return settings;
    }

    public WorkerPool pool() {
        return pool;
    }

    public ExerciseCatalog exercises() {
        return exercises;
    }

    /** Admits, checks and grades a submission. */
    public GradeOutcome grade(Submission submission) throws InterruptedException {
        try (Admission admission = admit(submission)) {
            return admission.refusal() != null ? admission.refusal() : grade(admission);
        }
    }

    /**
     * Decides whether a submission may be graded now, before anything is stored: the exercise and
     * its files are checked, the learner's and the address's rate limits are charged, and a place
     * in the queue is held (unless the same submission's result is cached). A refused admission
     * carries the refusal; an admitted one is graded with {@link #grade(Admission)}, and closing it
     * gives its place back if it never was.
     *
     * <p>The rate limit is the learner's own (their account, or their browser's guest id; a request
     * without cookies is keyed by its address), with a ceiling per address {@value #ADDRESS_CEILING}
     * times higher, so a classroom behind one NAT is not throttled as one person while one address
     * still cannot mint guests without bound.
     */
    public Admission admit(Submission submission) {
        Exercise exercise = exercises.exercise(submission.exerciseId()).orElse(null);
        if (exercise == null) {
            return Admission.refused(new GradeOutcome.Invalid("there is no exercise '" + submission.exerciseId() + "'"));
        }
        for (String name : submission.files().keySet()) {
            if (!exercise.editable().contains(name)) {
                return Admission.refused(new GradeOutcome.Invalid(name + " is not a file of " + exercise.id()
                        + "; the files you edit are " + String.join(", ", exercise.editable())));
            }
        }
        String learnerKey = submission.user() != null ? "learner:" + submission.user()
                : submission.address() != null ? "address:" + submission.address() : null;
        SharedAdmission shared = this.shared;
        if (learnerKey != null) {
            Duration wait = shared != null && settings.perMinute() > 0
                    ? shared.take(learnerKey, settings.perMinute(), settings.burst()) : limiter.acquire(learnerKey);
            if (wait != null) {
                return Admission.refused(new GradeOutcome.RateLimited(wait));
            }
        }
        if (submission.address() != null) {
            Duration wait = shared != null && settings.perMinute() > 0
                    ? shared.take("ceiling:" + submission.address(), settings.perMinute() * ADDRESS_CEILING, settings.burst() * ADDRESS_CEILING)
                    : addressCeiling.acquire(submission.address());
            if (wait != null) {
                return Admission.refused(new GradeOutcome.RateLimited(wait));
            }
        }
        Map<String, String> sources = sources(exercise, submission.files());
        String key = cacheKey(exercise, sources, submission.mode());
        GradeResult cached = cache.get(key);
        if (cached != null) {
            return new Admission(this, exercise, sources, submission.mode(), key, cached.asCached(), null, false);
        }
        if (shared != null) {
            Duration wait = shared.full();
            return wait != null ? Admission.refused(new GradeOutcome.Busy(wait))
                    : new Admission(this, exercise, sources, submission.mode(), key, null, null, false);
        }
        int active = pool.settings().active();
        if (pending.incrementAndGet() > active + settings.maxQueued()) {
            int waiting = pending.decrementAndGet();
            long average = gradedCount.get() == 0 ? 200 : gradedMillis.get() / gradedCount.get();
            long seconds = Math.max(1, (waiting * average / active + 999) / 1000);
            return Admission.refused(new GradeOutcome.Busy(Duration.ofSeconds(seconds)));
        }
        return new Admission(this, exercise, sources, submission.mode(), key, null, null, true);
    }

    /** Grades an admitted submission (once), giving its place in the queue back when done. */
    public GradeOutcome grade(Admission admission) throws InterruptedException {
        if (admission.refusal() != null) {
            return admission.refusal();
        }
        if (admission.cached != null) {
            return new GradeOutcome.Graded(admission.cached);
        }
        if (!admission.used.compareAndSet(false, true)) {
            throw new IllegalStateException("this admission was graded already");
        }
        boolean placed = admission.take();
        try {
            GradeResult result = run(admission.exercise, admission.sources, admission.mode);
            if (result.status() != GradeResult.Status.error && result.status() != GradeResult.Status.timeout) {
                cache.put(admission.cacheKey, result);
            }
            return new GradeOutcome.Graded(result);
        } finally {
            if (placed) {
                pending.decrementAndGet();
            }
        }
    }

    /**
     * A submission let in by {@link #admit}, or the reason it was not. It holds a place in the
     * grading queue until it is graded or closed.
     */
    public static final class Admission implements AutoCloseable {
        private final GradingService service;
        private final Exercise exercise;
        private final Map<String, String> sources;
        private final Exercise.Mode mode;
        private final String cacheKey;
        private final GradeResult cached;
        private final GradeOutcome refusal;
        private final java.util.concurrent.atomic.AtomicBoolean holdsPlace;
        private final java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();

        private Admission(GradingService service, Exercise exercise, Map<String, String> sources, Exercise.Mode mode,
                          String cacheKey, GradeResult cached, GradeOutcome refusal, boolean holdsPlace) {
            this.service = service;
            this.exercise = exercise;
            this.sources = sources;
            this.mode = mode;
            this.cacheKey = cacheKey;
            this.cached = cached;
            this.refusal = refusal;
            this.holdsPlace = new java.util.concurrent.atomic.AtomicBoolean(holdsPlace);
        }

        static Admission refused(GradeOutcome refusal) {
            return new Admission(null, null, null, null, null, null, refusal, false);
        }

        /** The result of the same submission graded before, or null when it must be graded. */
        public GradeResult cached() {
            return cached;
        }

        /** Why it was turned away (invalid, rate-limited, busy), or null when it was let in. */
        public GradeOutcome refusal() {
            return refusal;
        }

        private boolean take() {
            return holdsPlace.compareAndSet(true, false);
        }

        /** Gives the place in the queue back if the submission was never graded. */
        @Override
        public void close() {
            if (take()) {
                service.pending.decrementAndGet();
            }
        }
    }

    /**
     * Grades files as they are, with no admission checks: the validator grades starters and
     * reference solutions this way.
     */
    public GradeResult gradeFiles(Exercise exercise, Map<String, String> files, Exercise.Mode mode) throws InterruptedException {
        return run(exercise, sources(exercise, files), mode);
    }

    /**
     * Grades a stored job: its files as they are, with no admission checks (it was admitted when it
     * was stored), and keeps the result in the cache like {@link #grade(Admission)} does.
     */
    public GradeResult gradeJob(Exercise exercise, Map<String, String> files, Exercise.Mode mode) throws InterruptedException {
        Map<String, String> sources = sources(exercise, files);
        GradeResult result = run(exercise, sources, mode);
        if (result.status() != GradeResult.Status.error && result.status() != GradeResult.Status.timeout) {
            cache.put(cacheKey(exercise, sources, mode), result);
        }
        return result;
    }

    private static Map<String, String> sources(Exercise exercise, Map<String, String> files) {
        var sources = new TreeMap<>(exercise.starter());
        sources.putAll(files);
        return sources;
    }

    private GradeResult run(Exercise exercise, Map<String, String> sources, Exercise.Mode mode) throws InterruptedException {
        Exercise.Limits limits = exercise.limits();
        Job job = new Job(UUID.randomUUID().toString(), sources, exercise.tests(mode),
                new Job.Limits(limits.testMillis(), limits.totalMillis(), limits.outputKb() * 1024, ExerciseParser.MAX_SOURCE_BYTES),
                exercise.model());
        long hardDeadline = limits.totalMillis() + HARD_DEADLINE_MARGIN_MS;
        Worker.Run run = runOnFreshWorkerIfKilled(job, hardDeadline);
        // A test that times out (or runs out of memory) ends its worker, not the grading: the tests
        // after it run on a fresh worker, until every test has a verdict or the job's total time
        // is spent.
        var earlier = new ArrayList<JsonNode>();
        long millis = 0;
        Set<String> expected = new java.util.HashSet<>();
        exercise.cases(mode).forEach(c -> expected.add(c.id()));
        while (run != null) {
            millis += run.millis();
            JsonNode stop = Scoring.stopFrame(exercise, run);
            if (stop == null) {
                break;
            }
            var have = new java.util.TreeSet<>(job.skip());
            run.tests().forEach(t -> have.add(t.path("id").asText()));
            have.add(stop.path("id").asText());
            if (have.containsAll(expected) || millis >= limits.totalMillis()) {
                break;
            }
            earlier.addAll(run.tests());
            if (!stop.path("status").asText().equals("reported")) {
                earlier.add(stop);
            }
            job = job.continuing(UUID.randomUUID().toString(), have);
            run = runOnFreshWorkerIfKilled(job, hardDeadline);
        }
        if (run != null && !earlier.isEmpty()) {
            var tests = new ArrayList<>(earlier);
            tests.addAll(run.tests());
            run = new Worker.Run(tests, run.done(), run.health(), run.lastStartedId(), run.lastStartedName(), run.ending(),
                    run.detail(), millis);
        }
        GradeResult result = ResultLimits.capped(Scoring.score(exercise, mode, run, sources.keySet()));
        if (run != null) {
            gradedCount.incrementAndGet();
            gradedMillis.addAndGet(run.millis());
        }
        return result;
    }

    /** Runs a job; a worker killed from outside mid-job gets the job again, once, on a fresh worker. */
    private Worker.Run runOnFreshWorkerIfKilled(Job job, long hardDeadline) throws InterruptedException {
        Worker.Run run = pool.run(job, hardDeadline, settings.queueWaitMs());
        if (Scoring.infrastructure(run)) {
            LOG.warn("a grading worker died mid-job ({}); running the job again on a fresh worker", run.detail());
            run = pool.run(job.continuing(UUID.randomUUID().toString(), Set.of()), hardDeadline, settings.queueWaitMs());
        }
        return run;
    }

    private static String cacheKey(Exercise exercise, Map<String, String> sources, Exercise.Mode mode) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(exercise.id(), exercise.version(), mode.name())) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            for (var file : new TreeMap<>(sources).entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Per-key token buckets: {@code burst} at once, then {@code perMinute} a minute. */
    static final class RateLimiter {
        private final int perMinute;
        private final int burst;
        private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > 100_000;
            }
        };

        RateLimiter(int perMinute, int burst) {
            this.perMinute = perMinute;
            this.burst = burst;
        }

        /** Takes a token, or returns how long until one is free. */
        synchronized Duration acquire(String key) {
            if (perMinute <= 0) {
                return null;
            }
            double now = System.nanoTime() / 1e9;
            double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
            double rate = perMinute / 60.0;
            bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) * rate);
            bucket[1] = now;
            if (bucket[0] >= 1) {
                bucket[0] -= 1;
                return null;
            }
            return Duration.ofMillis((long) Math.ceil((1 - bucket[0]) / rate * 1000));
        }
    }

    /** The most recently used results, by submission hash, bounded by count and by their size as JSON. */
    static final class ResultCache {
        private record Entry(GradeResult result, int bytes) {}

        private final int capacity;
        private final long maxBytes;
        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        ResultCache(int capacity, long maxBytes) {
            this.capacity = capacity;
            this.maxBytes = maxBytes;
        }

        synchronized GradeResult get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.result();
        }

        synchronized void put(String key, GradeResult result) {
            int size = ResultLimits.bytes(result);
            if (size > maxBytes) {
                return;
            }
            Entry old = entries.put(key, new Entry(result, size));
            bytes += size - (old == null ? 0 : old.bytes());
            var eldest = entries.entrySet().iterator();
            while ((entries.size() > capacity || bytes > maxBytes) && eldest.hasNext()) {
                bytes -= eldest.next().getValue().bytes();
                eldest.remove();
            }
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized int size() {
            return entries.size();
        }
    }

    static List<JsonNode> list(JsonNode array) {
        var list = new ArrayList<JsonNode>();
        if (array != null && array.isArray()) {
            array.forEach(list::add);
        }
        return list;
    }
}
