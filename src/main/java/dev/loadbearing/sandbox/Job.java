package dev.loadbearing.sandbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One grading job as the server sends it to a worker: the learner's sources, the exercise's test
 * sources and the limits to run them under. Written and read as a length-prefixed binary message,
 * so the worker needs no JSON library.
 *
 * @param nonce        a fresh random string; every frame the worker sends back carries it
 * @param sources      learner files by name ({@code RoundRobin.java}) and content
 * @param tests        test files by name and content; they run in a child class loader
 * @param limits       time, output and size limits
 * @param model        the exercise's model ({@code sim}, or {@code race}: learner fields may not be
 *                     hidden shared memory, see {@link RaceFieldRule})
 * @param skip         test ids ({@code TestClass.method}) not to run: they already have a verdict
 *                     from an earlier worker (the job continues after a test that timed out)
 */
public record Job(String nonce, Map<String, String> sources, Map<String, String> tests, Limits limits, String model,
                  Set<String> skip) {
    private static final int MAGIC = 0x4C424A33; // "LBJ3"
    /** A string longer than this is refused when reading a job: a corrupt or hostile stream. */
    private static final int MAX_STRING_BYTES = 4 << 20;

    public Job {
        sources = Map.copyOf(sources);
        // In the exercise's order (visible files first): test classes run in this order.
        tests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tests));
        model = model == null ? "sim" : model;
        skip = Set.copyOf(skip);
    }

    /** A job of an exercise of the given model, running every test. */
    public Job(String nonce, Map<String, String> sources, Map<String, String> tests, Limits limits, String model) {
        this(nonce, sources, tests, limits, model, Set.of());
    }

    public Job(String nonce, Map<String, String> sources, Map<String, String> tests, Limits limits) {
        this(nonce, sources, tests, limits, "sim", Set.of());
    }

    /** The same work under a new nonce, without the tests given (they have their verdict). */
    public Job continuing(String newNonce, Set<String> alsoSkip) {
        var all = new java.util.TreeSet<>(skip);
        all.addAll(alsoSkip);
        return new Job(newNonce, sources, tests, limits, model, all);
    }

    /**
     * Limits of one job.
     *
     * @param testMillis       wall time one test may take before the job stops as timed out
     * @param totalMillis      wall time the whole job (compile included) may take
     * @param outputPerTest    bytes of output kept per test; the rest is counted and dropped
     * @param sourceBytes      the largest learner file accepted
     */
    public record Limits(int testMillis, int totalMillis, int outputPerTest, int sourceBytes) {}

    /** Writes the job; the worker reads it with {@link #read}. */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        writeString(out, nonce);
        writeFiles(out, new java.util.TreeMap<>(sources));
        writeFiles(out, tests);
        out.writeInt(limits.testMillis());
        out.writeInt(limits.totalMillis());
        out.writeInt(limits.outputPerTest());
        out.writeInt(limits.sourceBytes());
        writeString(out, model);
        out.writeInt(skip.size());
        for (String id : new java.util.TreeSet<>(skip)) {
            writeString(out, id);
        }
        out.flush();
    }

    /** Reads a job, or returns null at the end of the stream (the server closed it: exit). */
    public static Job read(DataInputStream in) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (java.io.EOFException e) {
            return null;
        }
        if (magic != MAGIC) {
            throw new IOException("not a grading job (bad magic " + Integer.toHexString(magic) + ")");
        }
        String nonce = readString(in);
        Map<String, String> sources = readFiles(in);
        Map<String, String> tests = readFiles(in);
        Limits limits = new Limits(in.readInt(), in.readInt(), in.readInt(), in.readInt());
        String model = readString(in);
        int skipped = in.readInt();
        if (skipped < 0 || skipped > 10_000) {
            throw new IOException("bad skip count " + skipped);
        }
        var skip = new java.util.HashSet<String>();
        for (int i = 0; i < skipped; i++) {
            skip.add(readString(in));
        }
        return new Job(nonce, sources, tests, limits, model, skip);
    }

    private static void writeFiles(DataOutputStream out, Map<String, String> files) throws IOException {
        out.writeInt(files.size());
        for (var file : files.entrySet()) {
            writeString(out, file.getKey());
            writeString(out, file.getValue());
        }
    }

    private static Map<String, String> readFiles(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1000) {
            throw new IOException("bad file count " + count);
        }
        var files = new LinkedHashMap<String, String>();
        for (int i = 0; i < count; i++) {
            files.put(readString(in), readString(in));
        }
        return files;
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("bad string length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new java.io.EOFException();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
