package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.course.LessonProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verdicts that must be about the right thing, through the real sandbox. */
class VerdictsTest {
    private static final String BROKEN_LINE = "        long crash = Time.seconds(1);";

    /** lb-round-robin with a visible test that cannot compile whatever the learner writes (line 27 captures a changed local). */
    private static Exercise withBrokenTest(Exercise e) {
        var visible = new LinkedHashMap<>(e.visibleTests());
        String test = visible.get("RoundRobinTest.java");
        assertTrue(test.contains(BROKEN_LINE));
        visible.put("RoundRobinTest.java", test.replace(BROKEN_LINE, BROKEN_LINE + " crash++;"));
        return new Exercise(e.id(), e.title(), e.lesson(), e.difficulty(), e.summary(), e.editable(), e.points(), e.limits(),
                e.solution(), e.starter(), e.reference(), visible, e.hiddenTests(), e.visibleCases(), e.hiddenCases(), e.hints(),
                e.folder(), e.version() + "-broken", e.model());
    }

    @Test
    void a_compile_error_in_the_exercises_test_names_the_test_file_and_line() throws InterruptedException {
        Exercise broken = withBrokenTest(SharedSandbox.roundRobin());
        GradeResult result = SharedSandbox.service().gradeFiles(broken, broken.reference(), Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.error, result.status(), () -> Reports.text("x", result));
        assertTrue(result.message().startsWith("The exercise's tests do not compile (RoundRobinTest.java:27:"), result.message());
        assertTrue(result.message().contains("not with your code"), result.message());
        GradeResult.Problem first = result.problems().get(0);
        assertEquals("RoundRobinTest.java", first.file());
        assertEquals(27, first.line());
        assertTrue(first.message().contains("local variables referenced from a lambda expression must be final"), first.message());
    }

    @Test
    void validate_points_at_the_test_file_line_of_a_broken_test(@TempDir Path dir) throws Exception {
        Path course = copyCourse(dir);
        Path test = course.resolve("exercises/lb-round-robin/tests/visible/RoundRobinTest.java");
        Files.writeString(test, Files.readString(test).replace(BROKEN_LINE, BROKEN_LINE + " crash++;"));
        CourseFiles files = CourseFiles.directory(course);
        var report = Validator.validate(Validator.lessons(files), ExerciseCatalog.load(files), SharedSandbox.service());
        assertTrue(report.problems().stream().anyMatch(p -> p.equals(new LessonProblem("exercises/lb-round-robin/tests/visible/RoundRobinTest.java", 27,
                "does not compile: local variables referenced from a lambda expression must be final or effectively final"))),
                () -> report.problems().toString());
        assertFalse(report.problems().stream().anyMatch(p -> p.file().endsWith("starter/RoundRobin.java")), () -> report.problems().toString());
    }

    /**
     * An exercise whose only test is parameterized (five invocations, each a fresh balancer), with
     * a generous test_ms so the timing margins survive a loaded machine.
     */
    private static Exercise parameterizedOnly(Exercise e) {
        String test = """
                import dev.loadbearing.sim.server.Backend;
                import java.util.List;
                import org.junit.jupiter.api.DisplayName;
                import org.junit.jupiter.params.ParameterizedTest;
                import org.junit.jupiter.params.provider.ValueSource;

                class SeedsTest {
                    @ParameterizedTest(name = "seed {0}")
                    @ValueSource(longs = {1, 2, 3, 4, 5})
                    @DisplayName("each seed")
                    void each_seed(long seed) {
                        Rotation.run(new RoundRobin(), seed, 3, 30);
                    }
                }
                """;
        var visible = new LinkedHashMap<String, String>();
        visible.put("Rotation.java", e.visibleTests().get("Rotation.java"));
        visible.put("SeedsTest.java", test);
        var cases = java.util.List.of(new Exercise.TestCase("SeedsTest.each_seed", e.folder() + "/tests/visible/SeedsTest.java", 8, false));
        return new Exercise(e.id(), e.title(), e.lesson(), e.difficulty(), e.summary(), e.editable(), e.points(),
                new Exercise.Limits(10_000, 120_000, e.limits().memoryMb(), e.limits().outputKb()), e.solution(), e.starter(), e.reference(),
                visible, Map.of(), cases, java.util.List.of(), e.hints(), e.folder(), e.version() + "-seeds", e.model());
    }

    /** The reference solution, spinning {@code iterations} times on each new balancer's first pick. */
    private static String slowed(long iterations) {
        return SharedSandbox.roundRobin().reference().get("RoundRobin.java")
                .replace("private int next;", "private int next; private boolean warm;")
                .replace("int n = backends.size();", "int n = backends.size(); if (!warm) { warm = true; long x = 0; for (long i = 0; i < "
                        + iterations + "L; i++) { x += i ^ (x >>> 3); } if (x == 42) System.out.println(x); }");
    }

    @Test
    void test_ms_limits_each_invocation_of_a_parameterized_test_and_its_time_is_the_longest_one() throws InterruptedException {
        Exercise e = parameterizedOnly(SharedSandbox.roundRobin());
        int limit = e.limits().testMillis();
        // Calibrate on this machine: the longest of five invocations that each spin `probe` times.
        long probe = 100_000_000;
        GradeResult probed = SharedSandbox.service().gradeFiles(e, Map.of("RoundRobin.java", slowed(probe)), Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.passed, probed.status(), () -> Reports.text("x", probed));
        long perProbe = Math.max(1, probed.tests().get(0).millis());
        // Aim each invocation at 45% of test_ms: the five add up to about twice test_ms, and one
        // invocation may run twice as slow as measured before it would time out.
        long iterations = probe * (limit * 45 / 100) / perProbe;
        GradeResult result = SharedSandbox.service().gradeFiles(e, Map.of("RoundRobin.java", slowed(iterations)), Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result) + " (probe " + perProbe + " ms)");
        GradeResult.TestResult seeds = result.tests().get(0);
        assertTrue(seeds.millis() < limit, () -> seeds + " (probe " + perProbe + " ms)");
        // One invocation's time, not the five's sum (which is nearly the whole grading's time).
        assertTrue(seeds.millis() * 3 < result.millis(), () -> seeds + " of a grading of " + result.millis() + " ms");
    }

    private static Path copyCourse(Path dir) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        Path course = dir.resolve("course");
        for (String part : new String[] {"lessons", "exercises/lb-round-robin"}) {
            Path from = root.resolve(part);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path to = course.resolve(part).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
        }
        return course;
    }
}
