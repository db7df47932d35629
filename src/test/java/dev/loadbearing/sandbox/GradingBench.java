package dev.loadbearing.sandbox;

import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.course.ExerciseParser;
import dev.loadbearing.grading.GradeResult;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.Reports;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Grades the lb-round-robin reference solution (Submit: all 6 tests) through the real warm pool at
 * concurrency 1 and 8, then compiles and runs the same job in this JVM with no sandbox (the floor).
 * Run by bench/grading.sh; the last four lines are the figures docs/PERFORMANCE.md records.
 */
public final class GradingBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ExerciseCatalog exercises = ExerciseCatalog.load(CourseFiles.bundled());
        Exercise exercise = exercises.exercise("lb-round-robin").orElseThrow();
        Map<String, String> solution = exercise.reference();

        long coldStart = System.nanoTime();
        try (GradingService service = GradingService.start(exercises, SandboxMode.AUTO, Reports.defaultWorkDir(),
                WorkerPool.Settings.forServer(), GradingService.Settings.forServer())) {
            GradeResult first = service.gradeFiles(exercise, solution, Exercise.Mode.SUBMIT);
            System.out.printf(Locale.ROOT, "first grading after a cold start: %d ms (%s)%n", ms(System.nanoTime() - coldStart), first.status());
            service.pool().awaitIdle(120_000);
            for (int i = 0; i < 20; i++) {
                check(service.gradeFiles(exercise, solution, Exercise.Mode.SUBMIT));
            }
            List<Long> serial = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long t = System.nanoTime();
                check(service.gradeFiles(exercise, solution, Exercise.Mode.SUBMIT));
                serial.add(System.nanoTime() - t);
            }
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Long> concurrent = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < rounds; i++) {
                futures.add(clients.submit(() -> {
                    long t = System.nanoTime();
                    check(service.gradeFiles(exercise, solution, Exercise.Mode.SUBMIT));
                    concurrent.add(System.nanoTime() - t);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            clients.shutdown();
            var status = service.pool().status();
            long serverKib = rssKib(ProcessHandle.current().pid());
            System.out.printf(Locale.ROOT, "concurrency 1: p50 %d ms, p99 %d ms over %d gradings%n", pct(serial, 50), pct(serial, 99), rounds);
            System.out.printf(Locale.ROOT, "concurrency 8: p50 %d ms, p99 %d ms, %.1f gradings/s%n", pct(concurrent, 50), pct(concurrent, 99), rounds / seconds);
            System.out.printf(Locale.ROOT, "memory: this JVM %d MB + %d workers %d MB = %d MB RSS (%s)%n", serverKib >> 10, status.size(),
                    status.workersResidentKib() >> 10, (serverKib + status.workersResidentKib()) >> 10, service.pool().sandboxDescription());

            List<Long> floor = floor(exercise, solution, rounds);
            System.out.printf(Locale.ROOT, "grading_p50_ms: %d%n", pct(serial, 50));
            System.out.printf(Locale.ROOT, "grading_p99_ms: %d%n", pct(serial, 99));
            System.out.printf(Locale.ROOT, "grading_per_second: %.1f%n", rounds / seconds);
            System.out.printf(Locale.ROOT, "floor_p50_ms: %d%n", pct(floor, 50));
        }
        System.exit(0);
    }

    /**
     * The same job compiled, checked and run in this JVM: no worker, no sandbox, no IPC. It uses the
     * same compiler as a worker, so like a warm worker it compiles the test classes once and then
     * only the learner's file (see TestClassCache).
     */
    private static List<Long> floor(Exercise exercise, Map<String, String> solution, int rounds) {
        Frames frames = new Frames(OutputStream.nullOutputStream());
        OutputRouter router = new OutputRouter();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine()).build());
        InMemoryCompiler compiler = new InMemoryCompiler();
        var limits = new Job.Limits(exercise.limits().testMillis(), exercise.limits().totalMillis(), 8192, ExerciseParser.MAX_SOURCE_BYTES);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < rounds + 20; i++) {
            Job job = new Job(UUID.randomUUID().toString(), solution, exercise.tests(Exercise.Mode.SUBMIT), limits);
            long t = System.nanoTime();
            new JobRunner(job, frames, router, launcher, compiler).run();
            if (i >= 20) {
                times.add(System.nanoTime() - t);
            }
        }
        return times;
    }

    private static void check(GradeResult result) {
        if (!result.passed()) {
            throw new IllegalStateException("the reference solution did not pass: " + result.message());
        }
    }

    private static long pct(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return ms(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (Exception e) {
            // unknown
        }
        return 0;
    }
}
