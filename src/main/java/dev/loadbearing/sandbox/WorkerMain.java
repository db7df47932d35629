package dev.loadbearing.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The grading worker: a long-lived JVM the server starts (inside bubblewrap where available) and
 * feeds one {@link Job} at a time on standard input. Before anything else it takes the real
 * standard output for {@link Frames} and points {@code System.out}/{@code err} at capped per-test
 * buffers. A harness thread runs each job while the main thread watches the clock: a test past
 * its limit (an endless loop, even one that catches {@code Throwable}) ends the job with a
 * timeout frame naming the test, and the worker halts; the server starts a fresh one.
 *
 * <p>After each job the worker checks it is still clean (no extra threads, default locale, time
 * zone and system properties unchanged) and asks to be replaced if not.
 */
public final class WorkerMain {
    /** Exit status after a timeout; the server replaces the worker. */
    static final int EXIT_TIMEOUT = 10;

    private WorkerMain() {
    }

    public static void main(String[] args) {
        PrintStream realErr = System.err;
        try {
            serve();
        } catch (Throwable t) {
            // The harness itself failed (not learner code): say why on the real standard error.
            realErr.println("grading worker failed: " + t);
            t.printStackTrace(realErr);
            realErr.flush();
            Runtime.getRuntime().halt(3);
        }
    }

    private static void serve() throws Exception {
        Frames frames = new Frames(new FileOutputStream(FileDescriptor.out));
        OutputRouter router = new OutputRouter();
        PrintStream captured = new PrintStream(router, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        var in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));

        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine())
                .build());
        InMemoryCompiler compiler = new InMemoryCompiler();
        Baseline baseline = null;

        var ready = Frames.frame("ready");
        ready.put("pid", ProcessHandle.current().pid());
        frames.send(ready);
        for (Job job = Job.read(in); job != null; job = Job.read(in)) {
            frames.nonce(job.nonce());
            runWatched(new JobRunner(job, frames, router, launcher, compiler), job, frames);
            if (baseline == null) {
                baseline = Baseline.now();
            }
            String taint = baseline.differences();
            var health = Frames.frame("health");
            health.put("clean", taint == null);
            if (taint != null) {
                health.put("reason", taint);
            }
            health.put("heap_used_mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            frames.send(health);
            if (taint != null) {
                Runtime.getRuntime().halt(0);
            }
        }
        Runtime.getRuntime().halt(0);
    }

    /** Runs the job on a harness thread and halts the worker when a limit passes. */
    private static void runWatched(JobRunner runner, Job job, Frames frames) throws InterruptedException {
        var finished = new CountDownLatch(1);
        Thread harness = new Thread(null, () -> {
            try {
                runner.run();
            } catch (Throwable t) {
                var done = Frames.frame("done");
                done.put("status", "error");
                done.put("message", "the grader failed: " + t);
                frames.send(done);
            } finally {
                finished.countDown();
            }
        }, "harness", 8L << 20);
        harness.setDaemon(true);
        long start = System.nanoTime();
        harness.start();
        long testLimit = TimeUnit.MILLISECONDS.toNanos(job.limits().testMillis());
        long totalLimit = TimeUnit.MILLISECONDS.toNanos(job.limits().totalMillis());
        while (!finished.await(5, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            String test = runner.currentId;
            boolean testOver = test != null && now - runner.currentSince > testLimit;
            if (testOver || now - start > totalLimit) {
                var timeout = Frames.frame("done");
                timeout.put("status", "timeout");
                timeout.put("phase", runner.phase);
                timeout.put("id", test);
                timeout.put("name", runner.currentName);
                timeout.put("limit_ms", testOver ? job.limits().testMillis() : job.limits().totalMillis());
                frames.send(timeout);
                Runtime.getRuntime().halt(EXIT_TIMEOUT);
            }
        }
        // The harness has done its work (it counted down last); let it end before the health check
        // counts threads, or a harness still on its way out reads as a thread the job left running.
        harness.join(1_000);
    }

    /** The worker's global state after its first job, to notice a job that changed it. */
    private record Baseline(int threads, Locale locale, TimeZone zone, Map<Object, Object> properties) {
        static Baseline now() {
            return new Baseline(threadCount(), Locale.getDefault(), TimeZone.getDefault(), Map.copyOf(System.getProperties()));
        }

        String differences() {
            if (threadCount() > threads) {
                return (threadCount() - threads) + " threads were left running ("
                        + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted()
                                .collect(java.util.stream.Collectors.joining(", ")) + ")";
            }
            if (!Locale.getDefault().equals(locale) || !TimeZone.getDefault().equals(zone)) {
                return "the default locale or time zone changed";
            }
            if (!Map.copyOf(System.getProperties()).equals(properties)) {
                return "system properties changed";
            }
            return null;
        }

        private static int threadCount() {
            ThreadGroup root = Thread.currentThread().getThreadGroup();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            return root.activeCount();
        }
    }
}
