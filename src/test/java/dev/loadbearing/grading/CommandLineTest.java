package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.CourseFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code grade} and {@code validate} as a user runs them, through the real sandbox. */
class CommandLineTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run main(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = new CommandLine(new dev.loadbearing.Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String text) throws IOException {
        Path file = dir.resolve("RoundRobin.java");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void grading_the_reference_solution_with_submit_and_json_exits_0() throws IOException {
        Path file = file(SharedSandbox.roundRobin().reference().get("RoundRobin.java"));
        Run run = main("grade", "--exercise", "lb-round-robin", "--submit", "--json", file.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("passed", json.path("status").asText());
        assertEquals(9, json.path("score").asInt());
        assertEquals(9, json.path("max_score").asInt());
        assertEquals(6, json.path("tests").size());
        for (String key : new String[] {"name", "status", "message", "output", "figures"}) {
            assertTrue(json.path("tests").get(0).has(key), key);
        }
        assertEquals("bar", json.path("figures").get(0).path("type").asText());
    }

    @Test
    void grading_the_starter_prints_a_report_and_exits_1() throws IOException {
        Path file = file(SharedSandbox.roundRobin().starter().get("RoundRobin.java"));
        Run run = main("grade", "--exercise", "lb-round-robin", file.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.out().startsWith("lb-round-robin: FAILED  0/3 points"), run.out());
        assertTrue(run.out().contains("FAIL     four identical servers each get a quarter of the requests  [0/1]"), run.out());
    }

    @Test
    void usage_errors_exit_2() throws IOException {
        Path file = file("class X {}");
        assertEquals(2, main("grade", "--exercise", "no-such-exercise", file.toString()).exit());
        assertEquals(2, main("grade", "--exercise", "lb-round-robin").exit());
        Path other = dir.resolve("Other.java");
        Files.writeString(other, "class Other {}");
        Run wrongFile = main("grade", "--exercise", "lb-round-robin", other.toString());
        assertEquals(2, wrongFile.exit());
        assertTrue(wrongFile.err().contains("Other.java is not a file of lb-round-robin; its files are RoundRobin.java"), wrongFile.err());
        assertEquals(2, main("grade", "--exercise", "lb-round-robin", "--sandbox", "maybe", file.toString()).exit());
    }

    @Test
    void validate_passes_the_bundled_course() {
        Run run = main("validate");
        assertEquals(0, run.exit(), run.out() + run.err());
        long lessons, exercises;
        try (var l = Files.list(Path.of("lessons")); var e = Files.list(Path.of("exercises"))) {
            lessons = l.filter(p -> p.toString().endsWith(".md")).count();
            exercises = e.filter(Files::isDirectory).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(run.out().startsWith("OK: " + lessons + " lessons, " + exercises + " exercises, 0 problems"), run.out());
    }

    @Test
    void validate_reports_a_starter_that_passes_a_solution_that_fails_and_a_missing_embedded_exercise() throws IOException {
        var course = new CourseFixture(dir.resolve("course"));
        course.lesson(1, "load-balancing", "Load balancing", "Try it:\n\n```exercise lb-round-robin\n```\n\n```exercise lb-nothing\n```\n");
        Path from = Path.of("exercises/lb-round-robin");
        Path to = dir.resolve("course/exercises/lb-round-robin");
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        // Swap them: the starter now passes everything and the solution fails.
        Path starter = to.resolve("starter/RoundRobin.java");
        Path solution = to.resolve("solution/RoundRobin.java");
        String starterText = Files.readString(starter);
        Files.writeString(starter, Files.readString(solution));
        Files.writeString(solution, starterText);

        Run run = main("validate", "--course", dir.resolve("course").toString(), "--json");
        assertEquals(1, run.exit(), run.out() + run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(false, json.path("ok").asBoolean());
        var problems = new StringBuilder();
        json.path("problems").forEach(p -> problems.append(p.path("file").asText()).append(':').append(p.path("line").asInt())
                .append(": ").append(p.path("message").asText()).append('\n'));
        String text = problems.toString();
        assertTrue(text.contains("exercises/lb-round-robin/starter/RoundRobin.java:1: the starter passes every test"), text);
        assertTrue(text.contains("exercises/lb-round-robin/tests/visible/RoundRobinTest.java:8: the reference solution fails RoundRobinTest.four_servers_get_equal_shares (failed): seed 1: server-0 got 100% of requests"), text);
        assertTrue(text.contains("lessons/01-load-balancing.md:14: exercise 'lb-nothing' does not exist: there is no folder exercises/lb-nothing/"), text);
    }
}
