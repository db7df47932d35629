package dev.loadbearing.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.CourseFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExerciseParserTest {
    @TempDir
    Path dir;

    private CourseFixture exercise(String yaml) throws java.io.IOException {
        var course = new CourseFixture(dir);
        for (String folder : List.of("starter", "solution", "tests/visible", "tests/hidden")) {
            java.nio.file.Files.createDirectories(dir.resolve("exercises/echo").resolve(folder));
        }
        course.write("exercises/echo/exercise.yaml", yaml);
        course.write("exercises/echo/starter/Echo.java", "public class Echo { public int value() { return 0; } }\n");
        course.write("exercises/echo/solution/Echo.java", "public class Echo { public int value() { return 42; } }\n");
        course.write("exercises/echo/tests/visible/EchoTest.java", """
                import org.junit.jupiter.api.Test;
                class EchoTest {
                    // @Test in a comment is not a test
                    @Test
                    void answers() { }
                }
                """);
        course.write("exercises/echo/tests/hidden/EchoHiddenTest.java", """
                import org.junit.jupiter.params.ParameterizedTest;
                import org.junit.jupiter.params.provider.ValueSource;
                class EchoHiddenTest {
                    @ParameterizedTest(name = "seed {0}")
                    @ValueSource(ints = {1, 2})
                    void answers_for_every_seed(int seed) { }
                }
                """);
        course.write("exercises/echo/hints.md", "## First\nLook at the return value.\n\n## Second\nReturn 42.\n");
        return course;
    }

    private ExerciseParser.Result parse() {
        return new ExerciseParser().parse(CourseFiles.directory(dir), dir.resolve("exercises/echo"));
    }

    private static final String VALID = """
            id: echo
            title: Echo
            lesson: single-server
            difficulty: easy
            editable: [Echo.java]
            points:
              default: 1
              EchoHiddenTest: 3
            limits:
              test_ms: 500
            solution:
              show: after_attempts
              attempts: 3
            """;

    @Test
    void a_complete_exercise_loads_with_its_tests_points_limits_and_hints() throws java.io.IOException {
        exercise(VALID);
        Exercise exercise = parse().exercise();
        assertNotNull(exercise, () -> parse().problems().toString());
        assertEquals(List.of("EchoTest.answers"), exercise.visibleCases().stream().map(Exercise.TestCase::id).toList());
        assertEquals(4, exercise.hiddenCases().get(0).line());
        assertEquals(3, exercise.points().of(exercise.hiddenCases().get(0)));
        assertEquals(1, exercise.points().of(exercise.visibleCases().get(0)));
        assertEquals(500, exercise.limits().testMillis());
        assertEquals(new Exercise.SolutionPolicy("after_attempts", 3), exercise.solution());
        assertEquals(List.of("First", "Second"), exercise.hints().stream().map(Exercise.Hint::title).toList());
        assertEquals(16, exercise.version().length());
    }

    @Test
    void schema_problems_name_the_file_and_line() throws java.io.IOException {
        exercise("""
                id: echo
                title: Echo
                lesson: single-server
                difficulty: impossible
                editable: [Echo.java, Missing.java]
                limits:
                  test_ms: 50000
                  memroy_mb: 10
                colour: blue
                """);
        var problems = parse().problems().stream().map(LessonProblem::toString).toList();
        assertNull(parse().exercise());
        assertTrue(problems.contains("exercises/echo/exercise.yaml:4: difficulty must be one of easy, medium, hard, not 'impossible'"), problems::toString);
        assertTrue(problems.contains("exercises/echo/exercise.yaml:5: Missing.java is editable but exercises/echo/starter/Missing.java does not exist"), problems::toString);
        assertTrue(problems.contains("exercises/echo/exercise.yaml:7: limits.test_ms must be a whole number from 100 to 10000, not '50000'"), problems::toString);
        assertTrue(problems.contains("exercises/echo/exercise.yaml:8: unknown limit 'memroy_mb'; the limits are test_ms, total_ms, memory_mb, output_kb"), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("exercises/echo/exercise.yaml:9: unknown key 'colour'")), problems::toString);
    }

    @Test
    void an_exercise_without_hidden_tests_is_refused() throws java.io.IOException {
        exercise(VALID).delete("exercises/echo/tests/hidden/EchoHiddenTest.java");
        var problems = parse().problems().stream().map(LessonProblem::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("exercises/echo/tests/hidden:1: no hidden tests")), problems::toString);
    }

    @Test
    void an_exercise_is_of_the_sim_model_unless_it_says_race() throws java.io.IOException {
        exercise(VALID);
        assertEquals("sim", parse().exercise().model());
        exercise(VALID + "model: race\n");
        assertEquals("race", parse().exercise().model());
    }

    @Test
    void an_unknown_model_is_refused_with_the_choices() throws java.io.IOException {
        exercise(VALID + "model: threads\n");
        var problems = parse().problems().stream().map(LessonProblem::toString).toList();
        assertEquals(List.of("exercises/echo/exercise.yaml:14: model must be one of sim, race, not 'threads'"), problems);
    }

    @Test
    void points_for_a_test_that_does_not_exist_are_refused() throws java.io.IOException {
        exercise(VALID.replace("EchoHiddenTest: 3", "EchoHiddnTest: 3"));
        var problems = parse().problems().stream().map(LessonProblem::toString).toList();
        assertEquals(List.of("exercises/echo/exercise.yaml:8: 'EchoHiddnTest' is not a test class or Class.method of this exercise's tests"), problems);
    }

    @Test
    void the_bundled_round_robin_exercise_is_valid() {
        ExerciseCatalog catalog = ExerciseCatalog.load(CourseFiles.bundled());
        assertEquals(List.of(), catalog.problems());
        Exercise rr = catalog.exercise("lb-round-robin").orElseThrow();
        assertEquals("load-balancing", rr.lesson());
        assertEquals(3, rr.visibleCases().size());
        assertEquals(3, rr.hiddenCases().size());
    }
}
