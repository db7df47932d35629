package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.course.Exercise;
import java.nio.file.Files;
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

    /** JUnit's (deterministic) order runs this visible test first. */
    private static final String FIRST_TEST = "servers take turns: no server is ever more than one request ahead";

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
                    static long spins;
                    static { while (spins >= 0) { spins++; } }
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
                "java.lang.Thread is not available", "sim.after");
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
    void static_state_does_not_leak_into_the_next_job() throws InterruptedException {
        String solution = SharedSandbox.roundRobin().reference().get("RoundRobin.java");
        // Passes only in a fresh class: the second time this class is initialised in the same loader, it breaks.
        String counting = solution.replace("private int next;", "private int next;\n    static int loads;\n    static { loads++; }")
                .replace("int n = backends.size();", "if (loads > 1) { return null; }\n        int n = backends.size();");
        for (int i = 0; i < 3; i++) {
            GradeResult result = run(counting);
            assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result));
        }
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
}
