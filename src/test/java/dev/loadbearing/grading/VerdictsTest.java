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
                e.folder(), e.version() + "-broken");
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

    /** The reference solution, spinning {@code iterations} times on each new balancer's first pick. */
    private static String slowed(long iterations) {
        return SharedSandbox.roundRobin().reference().get("RoundRobin.java")
                .replace("private int next;", "private int next; private boolean warm;")
                .replace("int n = backends.size();", "int n = backends.size(); if (!warm) { warm = true; long x = 0; for (long i = 0; i < "
                        + iterations + "L; i++) { x += i ^ (x >>> 3); } if (x == 42) System.out.println(x); }");
    }

    @Test
    void test_ms_limits_each_invocation_of_a_parameterized_test_and_its_time_is_the_longest_one() throws InterruptedException {
        Exercise e = SharedSandbox.roundRobin();
        // Calibrate on this machine: how long a spin takes in the first visible test.
        long base = SharedSandbox.service().gradeFiles(e, e.reference(), Exercise.Mode.RUN).tests().get(0).millis();
        long probe = 100_000_000;
        long probed = SharedSandbox.service().gradeFiles(e, Map.of("RoundRobin.java", slowed(probe)), Exercise.Mode.RUN).tests().get(0).millis();
        long perInvocation = e.limits().testMillis() / 4; // five of them add up to more than test_ms
        // The probe's time includes the test's own work, so this errs on the short side.
        long iterations = probe * perInvocation / Math.max(1, probed);
        GradeResult result = SharedSandbox.service().gradeFiles(e, Map.of("RoundRobin.java", slowed(iterations)), Exercise.Mode.SUBMIT);
        assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result));
        GradeResult.TestResult seeds = result.tests().stream()
                .filter(t -> t.id().equals("RoundRobinHiddenTest.random_pool_sizes_get_equal_shares_in_turns")).findFirst().orElseThrow();
        // Each of the five invocations spun up to a quarter of test_ms: none timed out, and the time shown is one invocation's.
        assertTrue(seeds.millis() < e.limits().testMillis(), () -> seeds + " (probe " + probed + " ms, base " + base + " ms)");
        assertTrue(seeds.millis() >= perInvocation / 3, () -> seeds + " (probe " + probed + " ms, base " + base + " ms)");
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
