package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.course.Exercise;
import java.nio.file.Files;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile submissions to the round-robin exercise, through the real sandbox. Each asserts exactly
 * what the learner sees; after each, the pool is back to full strength and an honest submission
 * still grades correctly.
 */
class HostileCodeTest {

    @BeforeAll
    static void warm() throws InterruptedException {
        SharedSandbox.assertHealthyAndHonestGradingWorks();
    }

    @AfterEach
    void pool_is_healthy_and_the_next_honest_submission_passes() throws InterruptedException {
        SharedSandbox.assertHealthyAndHonestGradingWorks();
    }

    /** A RoundRobin whose class body is {@code members} (with the given imports). */
    private static String roundRobin(String imports, String members) {
        return imports + """

                import dev.loadbearing.sim.server.Backend;
                import dev.loadbearing.sim.server.LoadBalancer;
                import dev.loadbearing.sim.server.Request;
                import java.util.List;

                public final class RoundRobin implements LoadBalancer {
                %s
                }
                """.formatted(members);
    }

    /** A RoundRobin whose pick() runs {@code body} first, then answers like the starter. */
    private static String picking(String imports, String body) {
        return roundRobin(imports, """
                    @Override
                    public Backend pick(Request request, List<Backend> backends) {
                        %s
                        return backends.get(0);
                    }
                """.formatted(body));
    }

    /** A RoundRobin whose pick() runs {@code body} (on line 10) on its first call only, then answers like the starter. */
    private static String once(String body) {
        return roundRobin("", """
                    private boolean said;
                    public Backend pick(Request request, List<Backend> backends) {
                        if (!said) { said = true; %s }
                        return backends.get(0);
                    }
                """.formatted(body));
    }

    private static GradeResult run(String source) throws InterruptedException {
        return SharedSandbox.grade(source, Exercise.Mode.RUN);
    }

    private static void assertRejected(GradeResult result, int line, String... phrases) {
        assertEquals(GradeResult.Status.rejected, result.status(), () -> Reports.text("x", result));
        assertEquals(0, result.score());
        GradeResult.Problem first = result.problems().get(0);
        assertEquals("RoundRobin.java", first.file(), first::toString);
        assertEquals(line, first.line(), () -> "line of " + first);
        for (String phrase : phrases) {
            assertTrue(first.message().contains(phrase), () -> "'" + phrase + "' missing from: " + first);
        }
        assertTrue(result.tests().stream().allMatch(t -> t.status().equals("not_run")));
    }

    private static void assertTimedOutIn(GradeResult result, String testName) {
        assertEquals(GradeResult.Status.timeout, result.status(), () -> Reports.text("x", result));
        assertEquals(0, result.score());
        assertTrue(result.message().contains(testName), result.message());
        assertTrue(result.tests().stream().anyMatch(t -> t.status().equals("timeout") && t.name().equals(testName)),
                () -> Reports.text("x", result));
    }

    /** Tests run in source order: this visible test is the first in RoundRobinTest.java. */
    private static final String FIRST_TEST = "four identical servers each get a quarter of the requests";
    private static final String SECOND_TEST = "servers take turns: no server is ever more than one request ahead";

    // Line numbers: the imports are on line 1, "public final class" on line 7, the first member
    // on line 8, and picking()'s body on line 10.

    @Test
    void an_endless_loop_times_out_naming_the_test() throws InterruptedException {
        assertTimedOutIn(run(picking("", "while (backends.size() > 0) { }")), FIRST_TEST);
    }

    @Test
    void an_endless_loop_that_catches_throwable_still_times_out() throws InterruptedException {
        assertTimedOutIn(run(picking("", "while (backends.size() > 0) { try { while (backends.size() > 0) { } } catch (Throwable t) { } }")),
                FIRST_TEST);
    }

    @Test
    void a_runaway_static_initialiser_times_out() throws InterruptedException {
        GradeResult result = run(roundRobin("", """
                    static { long spins = 0; while (spins >= 0) { spins++; } }
                    public Backend pick(Request request, List<Backend> backends) { return backends.get(0); }
                """));
        assertTimedOutIn(result, FIRST_TEST);
    }

    @Test
    void a_memory_bomb_fails_with_a_memory_message() throws InterruptedException {
        GradeResult result = run(picking("import java.util.ArrayList;",
                "List<long[]> hoard = new ArrayList<>(); while (hoard.size() >= 0) { hoard.add(new long[1 << 20]); }"));
        assertEquals(GradeResult.Status.failed, result.status(), () -> Reports.text("x", result));
        assertTrue(result.message().startsWith("Your code ran out of memory in \"" + FIRST_TEST + "\" (the limit is 192 MB)"), result.message());
        assertTrue(result.tests().stream().anyMatch(t -> t.status().equals("error") && t.name().equals(FIRST_TEST)),
                () -> Reports.text("x", result));
    }

    @Test
    void one_huge_array_fails_with_a_memory_message() throws InterruptedException {
        GradeResult result = run(picking("", "long[] huge = new long[Integer.MAX_VALUE - 8]; huge[0] = 1;"));
        assertEquals(GradeResult.Status.failed, result.status(), () -> Reports.text("x", result));
        assertTrue(result.message().contains("ran out of memory"), result.message());
    }

    @Test
    void sleeping_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "try { Thread.sleep(60_000); } catch (InterruptedException e) { }")), 10,
                "java.lang.Thread is not available", "setTimer(...)");
    }

    @Test
    void waiting_forever_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "synchronized (this) { try { wait(); } catch (InterruptedException e) { } }")), 10,
                "java.lang.Object.wait is not available");
    }

    @Test
    void parking_a_thread_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "java.util.concurrent.locks.LockSupport.park();")), 10, "threads and timers");
    }

    @Test
    void a_thread_bomb_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "for (int i = 0; i < 100_000; i++) { new Thread(() -> { while (true) { } }).start(); }")), 10,
                "java.lang.Thread is not available");
    }

    @Test
    void executors_are_refused() throws InterruptedException {
        assertRejected(run(picking("import java.util.concurrent.Executors;",
                "Executors.newFixedThreadPool(64).submit(() -> { });")), 10, "java.util.concurrent.Executors is not available", "virtual time");
    }

    @Test
    void timers_are_refused() throws InterruptedException {
        assertRejected(run(picking("", "new java.util.Timer().schedule(new java.util.TimerTask() { public void run() { } }, 1);")), 10,
                "java.util.Timer");
    }

    @Test
    void system_exit_is_refused_with_a_suggestion() throws InterruptedException {
        assertRejected(run(picking("", "System.exit(0);")), 10, "System.exit would stop the grader", "throw an exception instead");
    }

    @Test
    void runtime_halt_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "Runtime.getRuntime().halt(0);")), 10, "java.lang.Runtime is not available");
    }

    @Test
    void shutdown_hooks_are_refused() throws InterruptedException {
        assertRejected(run(picking("", "Runtime.getRuntime().addShutdownHook(new Thread(() -> { }));")), 10, "is not available");
    }

    @Test
    void reading_a_file_is_refused() throws InterruptedException {
        assertRejected(run(picking("import java.nio.file.*;",
                "try { System.out.println(Files.readString(Path.of(\"/etc/passwd\"))); } catch (Exception e) { }")), 10,
                "java.nio.file", "files are not available");
    }

    @Test
    void writing_a_file_is_refused_and_nothing_is_written() throws InterruptedException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "loadbearing-hostile-" + ProcessHandle.current().pid());
        assertRejected(run(picking("import java.io.*;",
                "try (FileWriter w = new FileWriter(\"" + target + "\")) { w.write(\"owned\"); } catch (IOException e) { }")), 10,
                "java.io.FileWriter is not available", "files are not available");
        assertFalse(Files.exists(target));
    }

    @Test
    void reading_proc_is_refused() throws InterruptedException {
        assertRejected(run(picking("import java.io.*;",
                "try (InputStream in = new FileInputStream(\"/proc/self/environ\")) { in.read(); } catch (IOException e) { }")), 10,
                "java.io.FileInputStream is not available");
    }

    @Test
    void sockets_are_refused() throws InterruptedException {
        assertRejected(run(picking("import java.net.Socket;",
                "try (Socket s = new Socket(\"1.1.1.1\", 80)) { } catch (Exception e) { }")), 10,
                "java.net.Socket is not available", "simulated Network");
    }

    @Test
    void http_clients_are_refused() throws InterruptedException {
        assertRejected(run(picking("import java.net.URI; import java.net.http.*;",
                "try { HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(\"http://example.com\")).build(), "
                        + "HttpResponse.BodyHandlers.discarding()); } catch (Exception e) { }")), 10, "the network is not available");
    }

    @Test
    void process_builder_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "try { new ProcessBuilder(\"sh\", \"-c\", \"id\").start(); } catch (Exception e) { }")), 10,
                "java.lang.ProcessBuilder is not available", "starting processes");
    }

    @Test
    void runtime_exec_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "try { Runtime.getRuntime().exec(\"id\"); } catch (Exception e) { }")), 10,
                "java.lang.Runtime is not available");
    }

    @Test
    void reflection_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "System.out.println(backends.get(0).getClass().getDeclaredFields().length);")), 10,
                "java.lang.Class.getDeclaredFields is not available", "reflection");
    }

    @Test
    void loading_a_class_by_name_to_reach_the_hidden_tests_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "try { Class.forName(\"RoundRobinHiddenTest\"); } catch (Exception e) { }")), 10,
                "java.lang.Class.forName is not available");
    }

    @Test
    void reading_the_reference_solution_as_a_resource_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "System.out.println(getClass().getResourceAsStream(\"/course/exercises/lb-round-robin/solution/RoundRobin.java\"));")), 10,
                "java.lang.Class.getResourceAsStream is not available");
    }

    @Test
    void unsafe_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "System.out.println(sun.misc.Unsafe.class);")), 10, "sun.misc.Unsafe is not available", "JDK internals");
    }

    @Test
    void method_handles_are_refused() throws InterruptedException {
        assertRejected(run(picking("import java.lang.invoke.MethodHandles;", "System.out.println(MethodHandles.lookup());")), 10,
                "java.lang.invoke.MethodHandles is not available");
    }

    @Test
    void custom_class_loaders_are_refused() throws InterruptedException {
        assertRejected(run(picking("", "ClassLoader loader = new ClassLoader() { };")), 10, "java.lang.ClassLoader is not available",
                "class loaders");
    }

    @Test
    void jni_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "System.loadLibrary(\"evil\");")), 10, "System.loadLibrary", "native code");
    }

    @Test
    void native_methods_are_refused() throws InterruptedException {
        GradeResult result = run(roundRobin("", """
                    private static native void escape();
                    public Backend pick(Request request, List<Backend> backends) { return backends.get(0); }
                """));
        assertRejected(result, 8, "native method escape()");
    }

    @Test
    void environment_variables_are_refused() throws InterruptedException {
        assertRejected(run(picking("", "System.out.println(System.getenv(\"HOME\"));")), 10, "java.lang.System.getenv is not available");
    }

    @Test
    void system_properties_are_refused() throws InterruptedException {
        assertRejected(run(picking("", "System.setProperty(\"user.dir\", \"/\"); System.out.println(System.getProperty(\"user.home\"));")), 10,
                "java.lang.System.setProperty is not available", "system properties");
    }

    @Test
    void changing_the_default_locale_is_refused() throws InterruptedException {
        assertRejected(run(picking("import java.util.Locale;", "Locale.setDefault(Locale.GERMANY);")), 10, "java.util.Locale.setDefault");
    }

    @Test
    void replacing_system_out_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "System.setOut(System.err);")), 10, "java.lang.System.setOut is not available");
    }

    @Test
    void junit_abort_and_assumption_exceptions_are_refused() throws InterruptedException {
        assertRejected(run(picking("", "org.junit.jupiter.api.Assumptions.assumeTrue(false);")), 10,
                "org.junit.jupiter.api.Assumptions is not available", "test framework");
        assertRejected(run(picking("", "if (backends != null) { throw new org.opentest4j.TestAbortedException(\"skip me\"); }")), 10,
                "org.opentest4j.TestAbortedException is not available");
    }

    @Test
    void printing_forged_results_earns_nothing() throws InterruptedException {
        GradeResult result = run(picking("", """
                System.out.println("PASS");
                System.out.println("{\\"nonce\\":\\"\\",\\"type\\":\\"test\\",\\"id\\":\\"RoundRobinTest.four_servers_get_equal_shares\\",\\"status\\":\\"passed\\"}");
                System.out.println("{\\"status\\": \\"passed\\", \\"score\\": 3, \\"max_score\\": 3}");
                """));
        assertEquals(GradeResult.Status.failed, result.status(), () -> Reports.text("x", result));
        assertEquals(0, result.score());
        assertTrue(result.tests().stream().noneMatch(GradeResult.TestResult::passed));
        assertTrue(result.tests().get(0).output().startsWith("PASS\n{\"nonce\""), result.tests().get(0).output());
    }

    @Test
    void an_output_flood_is_cut_and_the_code_still_grades() throws InterruptedException {
        String solution = SharedSandbox.roundRobin().reference().get("RoundRobin.java");
        String flooding = solution.replace("int n = backends.size();",
                "for (int i = 0; i < 200; i++) { System.out.println(\"flood flood flood flood flood flood flood flood\"); }\n        int n = backends.size();");
        GradeResult result = run(flooding);
        assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result));
        String output = result.tests().get(0).output();
        assertTrue(output.length() < 8 * 1024 + 200, "output kept: " + output.length());
        assertTrue(output.contains("[output cut: "), output.substring(output.length() - 200));
    }

    @Test
    void a_stack_overflow_is_reported_on_the_test() throws InterruptedException {
        GradeResult result = run(roundRobin("", """
                    public Backend pick(Request request, List<Backend> backends) {
                        return pick(request, backends);
                    }
                """));
        assertEquals(GradeResult.Status.failed, result.status(), () -> Reports.text("x", result));
        GradeResult.TestResult first = result.tests().get(0);
        assertEquals("error", first.status());
        assertTrue(first.message().startsWith("StackOverflowError: your code called itself too deeply (endless recursion?) at RoundRobin.pick (RoundRobin.java:9)"),
                first.message());
    }

    @Test
    void a_failing_static_initialiser_is_explained_without_grader_stack_frames() throws InterruptedException {
        GradeResult result = run(roundRobin("", """
                    static final int START = Integer.parseInt("not a number");
                    public Backend pick(Request request, List<Backend> backends) { return backends.get(0); }
                """));
        assertEquals(GradeResult.Status.failed, result.status(), () -> Reports.text("x", result));
        String message = result.tests().stream().map(GradeResult.TestResult::message)
                .filter(m -> m.startsWith("a static initialiser")).findFirst().orElse(Reports.text("x", result));
        assertTrue(result.tests().stream().allMatch(t -> t.status().equals("error")), () -> Reports.text("x", result));
        assertTrue(message.startsWith("a static initialiser failed: RoundRobin.<clinit> threw NumberFormatException: For input string: \"not a number\""), message);
        assertFalse(message.contains("dev.loadbearing"), message);
        assertFalse(message.contains("org.junit"), message);
    }

    @Test
    void static_state_is_refused_before_it_could_leak_into_the_next_test_or_job() throws InterruptedException {
        String solution = SharedSandbox.roundRobin().reference().get("RoundRobin.java");
        // Would pass only in a fresh class: the second time this class is initialised in the same loader, it breaks.
        // Each job has its own class loader as well; the static-state rule stops it before it runs at all.
        String counting = solution.replace("private int next;", "private int next;\n    static int loads;\n    static { loads++; }")
                .replace("int n = backends.size();", "if (loads > 1) { return null; }\n        int n = backends.size();");
        GradeResult result = run(counting);
        assertEquals(GradeResult.Status.rejected, result.status(), () -> Reports.text("x", result));
        assertTrue(result.message().contains("the static field \"static int loads\" is not final: a static field outlives the"
                + " instance each test makes"), result.message());
        String hidden = solution.replace("private int next;", "private int next;\n    static final java.util.List<int[]> LOADS = "
                + "java.util.List.of(new int[1]);");
        GradeResult sneaky = run(hidden);
        assertEquals(GradeResult.Status.rejected, sneaky.status(), () -> Reports.text("x", sneaky));
        assertTrue(sneaky.message().contains("holds a collection of arrays"), sneaky.message());
    }

    @Test
    void a_huge_source_is_refused_before_compiling() throws InterruptedException {
        String huge = "// " + "x".repeat(2 * 1024 * 1024) + "\n" + SharedSandbox.roundRobin().reference().get("RoundRobin.java");
        GradeResult result = run(huge);
        assertEquals(GradeResult.Status.rejected, result.status(), () -> Reports.text("x", result));
        assertEquals("RoundRobin.java: the file is 2049 KiB; a file may be at most 64 KiB", result.problems().get(0).toString());
    }

    @Test
    void thousands_of_compile_errors_are_capped() throws InterruptedException {
        String garbage = "class RoundRobin {\n" + "int x = ;\n".repeat(5_000) + "}\n";
        GradeResult result = run(garbage);
        assertEquals(GradeResult.Status.compile_error, result.status(), () -> Reports.text("x", result));
        assertTrue(result.problems().size() <= 20, "problems: " + result.problems().size());
        assertEquals(2, result.problems().get(0).line());
    }

    @Test
    void a_class_outside_the_exercise_package_cannot_shadow_the_test_framework() throws InterruptedException {
        String forged = SharedSandbox.roundRobin().reference().get("RoundRobin.java")
                + "\nclass Helper { }\n";
        GradeResult honestWithHelper = run(forged);
        assertEquals(GradeResult.Status.passed, honestWithHelper.status(), () -> Reports.text("x", honestWithHelper));
        GradeResult result = run("package org.junit.jupiter.api;\n" + SharedSandbox.roundRobin().reference().get("RoundRobin.java"));
        assertTrue(result.status() == GradeResult.Status.rejected || result.status() == GradeResult.Status.compile_error,
                () -> Reports.text("x", result));
        assertEquals(0, result.score());
    }

    // ---- Ordinary Java grades normally (each a correct round robin written another way) ----

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> ordinaryRoundRobins() {
        String scan = """
                        int n = backends.size();
                        for (int tried = 0; tried < n; tried++) {
                            Backend candidate = backends.get(Math.floorMod(%s, n));
                            if (candidate.healthy()) {
                                return candidate;
                            }
                        }
                        return null;
                """;
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("an AtomicInteger counter", roundRobin("import java.util.concurrent.atomic.AtomicInteger;", """
                    private final AtomicInteger next = new AtomicInteger();
                    public Backend pick(Request request, List<Backend> backends) {
                %s    }
                """.formatted(scan.formatted("next.getAndIncrement()")))),
                org.junit.jupiter.params.provider.Arguments.of("a LongAdder and a ConcurrentHashMap", roundRobin(
                        "import java.util.concurrent.ConcurrentHashMap; import java.util.concurrent.atomic.LongAdder;", """
                    private final LongAdder calls = new LongAdder();
                    private final ConcurrentHashMap<String, Integer> seen = new ConcurrentHashMap<>();
                    private int nextIndex() {
                        seen.merge("calls", 1, Integer::sum);
                        long k = calls.sum();
                        calls.increment();
                        return (int) k;
                    }
                    public Backend pick(Request request, List<Backend> backends) {
                %s    }
                """.formatted(scan.formatted("nextIndex()")))),
                org.junit.jupiter.params.provider.Arguments.of("exceptions thrown and caught", roundRobin("", """
                    private int next;
                    public Backend pick(Request request, List<Backend> backends) {
                        try {
                            if (backends.isEmpty()) throw new IllegalStateException("no backends");
                            if (next < 0) throw new RuntimeException("overflow");
                        } catch (IllegalStateException e) {
                            throw new UnsupportedOperationException(e.getMessage(), e);
                        } catch (RuntimeException e) {
                            next = 0;
                        }
                %s    }
                """.formatted(scan.formatted("next++")))),
                org.junit.jupiter.params.provider.Arguments.of("a record, an enum, a switch expression and instanceof", roundRobin("", """
                    private record Turn(int index) { Turn next() { return new Turn(index + 1); } }
                    private enum Mode { ROTATE, SKIP }
                    private Turn turn = new Turn(0);
                    public Backend pick(Request request, List<Backend> backends) {
                        int n = backends.size();
                        for (int tried = 0; tried < n; tried++) {
                            Backend candidate = backends.get(Math.floorMod(turn.index(), n));
                            turn = turn.next();
                            Mode mode = candidate.healthy() ? Mode.ROTATE : Mode.SKIP;
                            Object found = switch (mode) { case ROTATE -> candidate; case SKIP -> "skip"; };
                            if (found instanceof Backend b) {
                                return b;
                            }
                        }
                        return null;
                    }
                """)),
                org.junit.jupiter.params.provider.Arguments.of("streams, Optional, String.format and a text block", roundRobin(
                        "import java.util.Optional; import java.util.stream.IntStream; import java.util.Locale;", """
                    private static final String ABOUT = \"""
                        round robin
                        over %d servers
                        \""";
                    private int next;
                    public Backend pick(Request request, List<Backend> backends) {
                        int n = backends.size();
                        int start = next;
                        Optional<Backend> chosen = IntStream.range(0, n).mapToObj(i -> backends.get(Math.floorMod(start + i, n)))
                                .filter(Backend::healthy).findFirst();
                        chosen.ifPresent(b -> next = b.index() + 1);
                        String note = String.format(Locale.ROOT, ABOUT.strip(), n);
                        return note.isEmpty() ? null : chosen.orElse(null);
                    }
                """)),
                org.junit.jupiter.params.provider.Arguments.of("nested, inner and anonymous classes", roundRobin("import java.util.function.IntSupplier;", """
                    private static final class Counter { int value; }
                    private final class Ticket { int take() { return counter.value++; } }
                    private final Counter counter = new Counter();
                    private final IntSupplier tickets = new IntSupplier() {
                        private final Ticket ticket = new Ticket();
                        @Override public int getAsInt() { return ticket.take(); }
                    };
                    public Backend pick(Request request, List<Backend> backends) {
                %s    }
                """.formatted(scan.formatted("tickets.getAsInt()")))));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("ordinaryRoundRobins")
    void ordinary_java_grades_normally(String how, String source) throws InterruptedException {
        GradeResult result = SharedSandbox.grade(source, Exercise.Mode.SUBMIT);
        assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result));
        assertEquals(result.maxScore(), result.score());
    }

    // ---- Escapes the policy now refuses ----

    @Test
    void parallel_streams_are_refused() throws InterruptedException {
        assertRejected(run(picking("", "backends.parallelStream().forEach(b -> System.out.println(b.name()));")), 10,
                "java.util.Collection.parallelStream (called as java.util.List.parallelStream) is not available", "leave the stream sequential");
        assertRejected(run(picking("import java.util.stream.StreamSupport;",
                "StreamSupport.stream(backends.spliterator(), true).forEach(b -> System.out.println(b.name()));")), 10,
                "StreamSupport.stream with parallel = true is not available", "pass false");
    }

    @Test
    void sleeping_and_waiting_through_time_unit_are_refused() throws InterruptedException {
        assertRejected(run(picking("import java.util.concurrent.TimeUnit;",
                "try { TimeUnit.SECONDS.sleep(60); } catch (InterruptedException e) { }")), 10,
                "java.util.concurrent.TimeUnit.sleep is not available", "threads and timers");
        assertRejected(run(picking("import java.util.concurrent.TimeUnit;",
                "synchronized (this) { try { TimeUnit.SECONDS.timedWait(this, 60); } catch (InterruptedException e) { } }")), 10,
                "java.util.concurrent.TimeUnit.timedWait is not available");
    }

    @Test
    void direct_memory_through_a_subclass_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "java.nio.MappedByteBuffer.allocateDirect(1 << 20);")), 10,
                "java.nio.ByteBuffer.allocateDirect (called as java.nio.MappedByteBuffer.allocateDirect) is not available", "direct memory");
    }

    @Test
    void reading_the_stack_trace_is_refused() throws InterruptedException {
        assertRejected(run(picking("", "System.out.println(java.util.Arrays.toString(new Throwable().getStackTrace()));")), 10,
                "java.lang.Throwable.getStackTrace is not available", "hidden tests");
    }

    @Test
    void a_printed_stack_trace_shows_no_test_frames() throws InterruptedException {
        GradeResult result = SharedSandbox.grade(once("new RuntimeException(\"look\").printStackTrace();"), Exercise.Mode.SUBMIT);
        assertEquals(GradeResult.Status.failed, result.status(), () -> Reports.text("x", result)); // the starter answer is wrong
        String all = Reports.text("x", result) + result.tests().stream().map(t -> t.output() + t.message()).reduce("", String::concat);
        assertTrue(all.contains("java.lang.RuntimeException: look"), all);
        assertTrue(all.contains("at RoundRobin.pick(RoundRobin.java:10)"), all);
        for (String hidden : new String[] {"RoundRobinHiddenTest", "RoundRobinTest", "Rotation", "org.junit", "dev.loadbearing"}) {
            assertFalse(all.contains(hidden), () -> hidden + " shown to the learner:\n" + all);
        }
    }

    @Test
    void an_exception_thrown_in_a_hidden_test_names_no_test_frames() throws InterruptedException {
        GradeResult result = SharedSandbox.grade(picking("", "if (backends.size() == 3) throw new IllegalStateException(\"boom\");"),
                Exercise.Mode.SUBMIT);
        String all = result.tests().stream().map(t -> t.output() + " " + t.message()).reduce("", String::concat);
        assertTrue(all.contains("your pick() threw IllegalStateException (boom) at RoundRobin.java:10"), all);
        for (String hidden : new String[] {"RoundRobinHiddenTest", "RoundRobinTest", "Rotation", "org.junit"}) {
            assertFalse(all.contains(hidden), () -> hidden + " shown to the learner:\n" + all);
        }
    }

    // ---- Verdicts about the right thing ----

    @Test
    void a_test_that_times_out_does_not_end_the_grading() throws InterruptedException {
        // Only the tests with four servers loop; the three-server test must still pass and score.
        GradeResult result = run(picking("", "while (backends.size() == 4) { }"));
        assertEquals(GradeResult.Status.timeout, result.status(), () -> Reports.text("x", result));
        assertTrue(result.message().contains(FIRST_TEST), result.message());
        assertEquals(List.of("timeout", "failed", "timeout"), result.tests().stream().map(GradeResult.TestResult::status).toList(),
                () -> Reports.text("x", result));
        assertEquals(SECOND_TEST, result.tests().get(1).name());
    }

    @Test
    void tests_run_and_are_listed_in_source_order() throws InterruptedException {
        String order = "System.out.println(\"servers=\" + backends.size());";
        GradeResult result = run(once(order));
        assertEquals(List.of(FIRST_TEST, SECOND_TEST, "a server that is down gets no requests; the others share its work"),
                result.tests().stream().map(GradeResult.TestResult::name).toList());
        // The output each test printed proves it ran in that order on the worker: 4, 3, 4 servers.
        assertEquals(List.of("servers=4", "servers=3", "servers=4"), result.tests().stream().map(t -> t.output().strip()).toList());
    }

    @Test
    void out_of_memory_thrown_by_the_code_is_its_own_verdict() throws InterruptedException {
        GradeResult result = run(picking("", "if (backends.size() == 4) throw new OutOfMemoryError(\"mine\");"));
        assertEquals(GradeResult.Status.failed, result.status(), () -> Reports.text("x", result));
        assertFalse(result.message().contains("grader failed"), result.message());
        GradeResult.TestResult first = result.tests().get(0);
        assertEquals("error", first.status(), () -> Reports.text("x", result));
        assertTrue(first.message().startsWith("RoundRobin.pick threw OutOfMemoryError: mine"), first.message());
        assertEquals("failed", result.tests().get(1).status(), () -> Reports.text("x", result)); // ran, and the starter's answer is wrong
        assertEquals("error", result.tests().get(2).status(), () -> Reports.text("x", result));
    }

    @Test
    void a_worker_killed_from_outside_mid_job_is_retried_and_never_blamed_on_the_code() throws Exception {
        WorkerPool pool = SharedSandbox.service().pool();
        int idle = pool.status().idle();
        var graded = new java.util.concurrent.CompletableFuture<GradeResult>();
        Thread grading = new Thread(() -> {
            try {
                graded.complete(SharedSandbox.grade(SharedSandbox.roundRobin().reference().get("RoundRobin.java"), Exercise.Mode.RUN));
            } catch (Throwable t) {
                graded.completeExceptionally(t);
            }
        });
        grading.start();
        // The moment a worker takes the job (compiling alone takes longer than this), kill every
        // worker's JVM, as an operator's kill -9 would.
        while (pool.status().idle() >= idle && !graded.isDone()) {
            Thread.sleep(2);
        }
        for (long pid : pool.status().pids()) {
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().filter(d -> d.info().command().orElse("").endsWith("/java"))
                    .forEach(ProcessHandle::destroyForcibly));
        }
        GradeResult result = graded.get(90, java.util.concurrent.TimeUnit.SECONDS);
        if (result.status() != GradeResult.Status.passed) {
            // Every worker was killed, so the retry may land on one that was dying too: then the
            // learner must be told it is not about their code, and the next try must really grade.
            assertEquals(GradeResult.Status.error, result.status(), () -> Reports.text("x", result));
            assertTrue(Reports.text("x", result).contains("also when tried again on a fresh worker")
                    && Reports.text("x", result).contains("This is not a verdict on your code"), () -> Reports.text("x", result));
            GradeResult again = SharedSandbox.grade(SharedSandbox.roundRobin().reference().get("RoundRobin.java"), Exercise.Mode.RUN);
            assertEquals(GradeResult.Status.passed, again.status(), () -> "the failed attempt was not kept: " + Reports.text("x", again));
            assertFalse(again.cached(), "an infrastructure failure is never cached");
            return;
        }
        assertEquals(result.maxScore(), result.score());
    }
}
