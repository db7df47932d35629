package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scoring, reports and result limits on what a worker reports (the frames as the worker writes
 * them), without starting one.
 */
@Tag("fast")
class ScoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Exercise EXERCISE = ExerciseCatalog.load(CourseFiles.bundled()).exercise("lb-round-robin").orElseThrow();
    private static final String FIRST = "RoundRobinTest.four_servers_get_equal_shares";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Worker.Run died(String detail) {
        return new Worker.Run(List.of(), null, null, FIRST, "four identical servers each get a quarter of the requests",
                Worker.Ending.DIED, detail, 900);
    }

    private static GradeResult score(Worker.Run run) {
        return Scoring.score(EXERCISE, Exercise.Mode.RUN, run, Set.of("RoundRobin.java"));
    }

    @Test
    void a_worker_killed_from_outside_is_not_a_verdict_on_the_code() {
        GradeResult result = score(died("exit status 137"));
        assertEquals(GradeResult.Status.error, result.status(), result::message);
        assertFalse(result.message().contains("memory"), result.message());
        assertTrue(result.message().contains("This is not a verdict on your code"), result.message());
        assertTrue(Scoring.infrastructure(died("exit status 137")));
        assertTrue(result.tests().stream().allMatch(t -> t.status().equals("not_run")));
    }

    @Test
    void a_worker_killed_by_its_memory_cgroup_or_the_heap_limit_is_the_codes_memory() {
        for (String detail : List.of("exit status 137" + Worker.MEMORY_CGROUP_KILL,
                "exit status 3: Terminating due to java.lang.OutOfMemoryError: Java heap space")) {
            GradeResult result = score(died(detail));
            assertEquals(GradeResult.Status.failed, result.status(), result::message);
            assertTrue(result.message().startsWith("Your code ran out of memory in \"four identical servers"), result.message());
            assertFalse(Scoring.infrastructure(died(detail)));
            assertEquals("error", Scoring.stopFrame(EXERCISE, died(detail)).path("status").asText());
        }
        assertTrue(Scoring.infrastructure(died("exit status 3: grading worker failed: java.lang.IllegalStateException")),
                "the harness failing is not the code's memory");
    }

    @Test
    void a_test_timeout_can_be_continued_but_the_total_limit_cannot_be_passed() {
        var timeout = new Worker.Run(List.of(), json("{'type':'done','status':'timeout','id':'" + FIRST + "','name':'four','limit_ms':"
                + EXERCISE.limits().testMillis() + "}"), null, FIRST, "four", Worker.Ending.DONE, null, 2100);
        JsonNode frame = Scoring.stopFrame(EXERCISE, timeout);
        assertEquals("timeout", frame.path("status").asText());
        assertEquals(FIRST, frame.path("id").asText());
        var total = new Worker.Run(List.of(), json("{'type':'done','status':'timeout','phase':'compiling','id':null,'limit_ms':"
                + EXERCISE.limits().totalMillis() + "}"), null, null, null, Worker.Ending.DONE, null, 8100);
        assertNull(Scoring.stopFrame(EXERCISE, total));
    }

    @Test
    void an_error_in_the_exercises_test_file_names_that_file_and_line() {
        var done = json("{'type':'done','status':'compile_error','errors':[{'file':'RoundRobinTest.java','line':27,'column':17,"
                + "'message':'local variables referenced from a lambda expression must be final or effectively final','learner':false}]}");
        GradeResult result = score(new Worker.Run(List.of(), done, null, null, null, Worker.Ending.DONE, null, 500));
        assertEquals(GradeResult.Status.error, result.status());
        assertEquals("RoundRobinTest.java:27:17: local variables referenced from a lambda expression must be final or effectively final",
                result.problems().get(0).toString());
    }

    @Test
    void a_test_that_cannot_use_the_learners_code_blames_the_code_without_showing_the_test() {
        var done = json("{'type':'done','status':'compile_error','errors':[{'file':'RoundRobinHiddenTest.java','line':19,'column':5,"
                + "'message':'cannot find symbol\\n  symbol:   method pick(Request,List)\\n  location: class RoundRobin','learner':false}]}");
        GradeResult result = score(new Worker.Run(List.of(), done, null, null, null, Worker.Ending.DONE, null, 500));
        assertEquals(GradeResult.Status.compile_error, result.status());
        assertEquals("RoundRobin.java", result.problems().get(0).file());
        assertFalse(result.message().contains("RoundRobinHiddenTest"), result.message());
    }

    @Test
    void the_text_report_ends_with_a_line_break_and_names_a_test_that_never_ran_like_the_json() {
        GradeResult result = score(died("exit status 137"));
        String text = Reports.text("lb-round-robin", result);
        assertTrue(text.endsWith(System.lineSeparator()), text);
        assertTrue(text.contains("  NOT RUN  RoundRobinTest.four_servers_get_equal_shares"), text);
        assertFalse(text.contains("SKIP"), text);
        assertEquals("not_run", result.tests().get(0).status());
    }

    @Test
    void a_result_is_capped_at_256_kb_and_says_so() {
        var figure = json("{'type':'bar','title':'t','labels':[],'values':[]}");
        var values = (com.fasterxml.jackson.databind.node.ArrayNode) figure.path("values");
        for (int i = 0; i < 1_000; i++) {
            values.add(i * 1.5);
            ((com.fasterxml.jackson.databind.node.ArrayNode) figure.path("labels")).add("server-" + i);
        }
        var tests = new ArrayList<GradeResult.TestResult>();
        for (int i = 0; i < 10; i++) {
            tests.add(new GradeResult.TestResult("T.t" + i, "t" + i, "passed", false, 1, 1, null, "x".repeat(9_000),
                    List.of(figure, figure, figure, figure, figure, figure, figure, figure), 5));
        }
        var big = new GradeResult(GradeResult.Status.passed, 10, 10, "All 10 tests passed.", tests, List.of(), List.of(figure), 100, false);
        assertTrue(ResultLimits.bytes(big) > 1_000_000);
        GradeResult capped = ResultLimits.capped(big);
        assertTrue(ResultLimits.bytes(capped) <= ResultLimits.MAX_RESULT_BYTES, () -> "" + ResultLimits.bytes(capped));
        assertTrue(capped.message().endsWith("a result may be at most 256 KB."), capped.message());
        assertEquals(10, capped.score());
        assertFalse(capped.tests().get(0).figures().isEmpty(), "figures are dropped from the last tests first");
        GradeResult small = new GradeResult(GradeResult.Status.passed, 1, 1, "ok", List.of(), List.of(), List.of(), 1, false);
        assertEquals(small, ResultLimits.capped(small));
    }

    @Test
    void the_result_cache_is_bounded_by_bytes() {
        GradeResult r = new GradeResult(GradeResult.Status.passed, 1, 1, "x".repeat(10_000), List.of(), List.of(), List.of(), 1, false);
        int one = ResultLimits.bytes(r);
        var cache = new GradingService.ResultCache(1_000, 5L * one);
        for (int i = 0; i < 20; i++) {
            cache.put("k" + i, r);
        }
        assertEquals(5, cache.size());
        assertTrue(cache.bytes() <= 5L * one);
        assertNull(cache.get("k0"), "the eldest are evicted");
        assertEquals(r, cache.get("k19"));
    }
}
