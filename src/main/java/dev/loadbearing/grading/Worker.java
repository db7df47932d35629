package dev.loadbearing.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.sandbox.Frames;
import dev.loadbearing.sandbox.Job;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM seen from the server: sends it a job, reads its frames until the job is done,
 * and kills it (with everything it started) when it misses the hard deadline, breaks the
 * protocol, or asks to be replaced.
 */
final class Worker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bytes of the worker's standard error kept to explain a crash. */
    private static final int STDERR_TAIL = 8 * 1024;
    private static final Object EOF = new Object();

    private final WorkerLauncher.Launched launched;
    private final Process process;
    private final DataOutputStream toWorker;
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private final long startedAt = System.nanoTime();
    private volatile boolean broken;
    private int jobs;

    private Worker(WorkerLauncher.Launched launched) {
        this.launched = launched;
        this.process = launched.process();
        this.toWorker = new DataOutputStream(new java.io.BufferedOutputStream(process.getOutputStream(), 1 << 16));
        Thread reader = new Thread(this::readFrames, "worker-frames-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(this::readStderr, "worker-stderr-" + process.pid());
        errors.setDaemon(true);
        errors.start();
    }

    /** Starts a worker and waits for it to say it is ready. */
    static Worker start(WorkerLauncher launcher, long timeoutMillis) throws IOException {
        return ready(new Worker(launcher.start()), timeoutMillis);
    }

    /** Starts a training worker that writes a class-data archive into {@code folder} when it exits. */
    static Worker startTraining(WorkerLauncher launcher, Path folder, long timeoutMillis) throws IOException {
        return ready(new Worker(launcher.start(folder, false)), timeoutMillis);
    }

    /** Starts a worker without the class-data archive. */
    static Worker startWithoutArchive(WorkerLauncher launcher, long timeoutMillis) throws IOException {
        return ready(new Worker(launcher.startWithoutArchive()), timeoutMillis);
    }

    /**
     * Tells the worker there is no more work (it exits) and waits for it.
     *
     * @return its exit status, or -1 when it did not exit in time (it is killed)
     */
    int finish(long timeoutMillis) {
        try {
            toWorker.close();
            if (process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (IOException e) {
            // already gone: its status says how
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return -1;
    }

    private static Worker ready(Worker worker, long timeoutMillis) throws IOException {
        try {
            Object first = worker.frames.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (!(first instanceof JsonNode ready) || !"ready".equals(ready.path("type").asText())) {
                worker.close();
                throw new IOException("the grading worker did not start" + (first == null ? " within " + timeoutMillis + " ms" : "")
                        + worker.stderrSummary());
            }
        } catch (InterruptedException e) {
            worker.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a grading worker");
        }
        return worker;
    }

    /** What a worker sent for one job, and how the job ended. */
    record Run(List<JsonNode> tests, JsonNode done, JsonNode health, String lastStartedId, String lastStartedName,
               Ending ending, String detail, long millis) {
        /** Whether the worker was gone before it took the job. */
        boolean neverStarted() {
            return tests.isEmpty() && done == null && lastStartedId == null && detail != null && detail.startsWith(STOPPED_READING);
        }
    }

    static final String STOPPED_READING = "the worker stopped reading";
    /** Added to a run's detail when the worker's memory cgroup killed it. */
    static final String MEMORY_CGROUP_KILL = " (killed by its memory cgroup's limit)";

    /** Whether the kernel killed a process of this worker for its memory cgroup's limit. */
    boolean memoryCgroupKilled() {
        for (Path group : launched.cgroups()) {
            // cgroup v2: memory.events; v1: memory.oom_control (oom_kill since Linux 4.13)
            for (String file : List.of("memory.events", "memory.oom_control")) {
                try {
                    for (String line : Files.readAllLines(group.resolve(file))) {
                        if (line.startsWith("oom_kill ") && !line.strip().equals("oom_kill 0")) {
                            return true;
                        }
                    }
                } catch (IOException e) {
                    // not a memory group, or not this cgroup version
                }
            }
        }
        return false;
    }

    /** How the exchange ended. */
    enum Ending {
        /** The worker reported the job done (whatever the verdict). */
        DONE,
        /** The worker missed the hard deadline and was killed. */
        KILLED,
        /** The worker exited or closed its output before finishing the job. */
        DIED,
        /** The worker sent something that is not a frame of this job. */
        PROTOCOL
    }

    /**
     * Runs a job.
     *
     * @param hardDeadlineMillis wall time after which the worker is killed; above the job's own limits
     */
    Run run(Job job, long hardDeadlineMillis) {
        jobs++;
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(hardDeadlineMillis);
        var tests = new ArrayList<JsonNode>();
        JsonNode done = null;
        String lastId = null;
        String lastName = null;
        try {
            job.write(toWorker);
        } catch (IOException e) {
            broken = true;
            return new Run(tests, null, null, null, null, Ending.DIED,
                    STOPPED_READING + (process.isAlive() ? "" : ", exit status " + process.exitValue()) + stderrSummary(), elapsed(start));
        }
        while (true) {
            Object next;
            try {
                long wait = deadline - System.nanoTime();
                next = wait <= 0 ? null : frames.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                next = null;
            }
            if (next == null) {
                broken = true;
                kill();
                return new Run(tests, done, null, lastId, lastName, Ending.KILLED, "no answer within " + hardDeadlineMillis + " ms", elapsed(start));
            }
            if (next == EOF) {
                broken = true;
                if (done != null) {
                    kill();
                    return new Run(tests, done, null, lastId, lastName, Ending.DONE, null, elapsed(start));
                }
                // Read why before kill() removes the cgroups: a kill by the memory cgroup is the
                // code's doing; any other kill from outside is not.
                String why = exitSummary() + (memoryCgroupKilled() ? MEMORY_CGROUP_KILL : "");
                kill();
                return new Run(tests, null, null, lastId, lastName, Ending.DIED, why, elapsed(start));
            }
            JsonNode frame = (JsonNode) next;
            if (!job.nonce().equals(frame.path("nonce").asText())) {
                broken = true;
                kill();
                return new Run(tests, null, null, lastId, lastName, Ending.PROTOCOL, "a frame without this job's nonce", elapsed(start));
            }
            switch (frame.path("type").asText()) {
                case "started" -> {
                    lastId = frame.path("id").asText(null);
                    lastName = frame.path("name").asText(null);
                }
                case "test" -> tests.add(frame);
                case "done" -> {
                    done = frame;
                    if (!"completed".equals(frame.path("status").asText()) && "timeout".equals(frame.path("status").asText())) {
                        broken = true; // the worker halts itself after a timeout
                    }
                }
                case "health" -> {
                    if (!frame.path("clean").asBoolean(false)) {
                        broken = true;
                    }
                    return new Run(tests, done, frame, lastId, lastName, Ending.DONE, null, elapsed(start));
                }
                default -> {
                    broken = true;
                    kill();
                    return new Run(tests, null, null, lastId, lastName, Ending.PROTOCOL, "an unknown frame", elapsed(start));
                }
            }
        }
    }

    /** Whether the worker may take another job. */
    boolean reusable(int maxJobs) {
        return !broken && process.isAlive() && jobs < maxJobs;
    }

    int jobs() {
        return jobs;
    }

    long pid() {
        return process.pid();
    }

    long ageMillis() {
        return elapsed(startedAt);
    }

    /** Resident memory of the worker's processes in KiB, from /proc (0 where unknown). */
    long residentKib() {
        long total = 0;
        for (ProcessHandle p : (Iterable<ProcessHandle>) () -> java.util.stream.Stream.concat(
                java.util.stream.Stream.of(process.toHandle()), process.descendants()).iterator()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("\\D+", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // gone or unreadable
            }
        }
        return total;
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        kill();
    }

    /** Kills the worker and every process under it, then removes its cgroups. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Path group : launched.cgroups()) {
            try {
                Path procs = group.resolve("cgroup.procs");
                if (Files.exists(procs)) {
                    for (String pid : Files.readAllLines(procs)) {
                        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                for (int i = 0; i < 50 && Files.exists(group); i++) {
                    try {
                        Files.delete(group);
                    } catch (IOException busy) {
                        Thread.sleep(10);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // best effort
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Why the worker ended, from its exit status and the end of its standard error. */
    String exitSummary() {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String status = process.isAlive() ? "still running" : "exit status " + process.exitValue();
        return status + stderrSummary();
    }

    String stderrText() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    private String stderrSummary() {
        String text = stderrText().strip();
        if (text.isEmpty()) {
            return "";
        }
        // The first line says what happened ("grading worker failed: ...", "Terminating due to ...").
        return ": " + text.lines().filter(l -> !l.isBlank() && !l.startsWith("\tat ")).findFirst().orElse("");
    }

    private void readFrames() {
        try (var in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
            while (true) {
                int length = in.readInt();
                if (length < 0 || length > Frames.MAX_FRAME_BYTES) {
                    break;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length != length) {
                    break;
                }
                frames.add(JSON.readTree(bytes));
            }
        } catch (IOException e) {
            // end of stream or garbage: both end the conversation
        } finally {
            frames.add(EOF);
        }
    }

    private void readStderr() {
        try (InputStream in = process.getErrorStream()) {
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (stderr) {
                    stderr.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
                    if (stderr.length() > STDERR_TAIL) {
                        stderr.delete(0, stderr.length() - STDERR_TAIL);
                    }
                }
            }
        } catch (IOException e) {
            // the worker is gone
        }
    }

    private static long elapsed(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
