package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.course.Exercise;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradingServiceTest {
    private static String solution() {
        return SharedSandbox.roundRobin().reference().get("RoundRobin.java");
    }

    @Test
    void the_reference_solution_passes_every_test_on_submit_with_a_requests_per_server_figure() throws InterruptedException {
        GradeResult result = SharedSandbox.grade(solution(), Exercise.Mode.SUBMIT);
        assertEquals(GradeResult.Status.passed, result.status(), () -> Reports.text("x", result));
        assertEquals(6, result.tests().size());
        assertEquals(3 + 3 * 2, result.maxScore());
        assertEquals(result.maxScore(), result.score());
        assertEquals(3, result.tests().stream().filter(GradeResult.TestResult::hidden).count());
        assertEquals("bar", result.figures().get(0).path("type").asText());
        assertEquals("Requests per server", result.figures().get(0).path("title").asText());
        assertTrue(result.millis() < 2_000, "graded in " + result.millis() + " ms");
    }

    @Test
    void the_starter_fails_with_a_message_that_teaches() throws InterruptedException {
        GradeResult result = SharedSandbox.grade(SharedSandbox.roundRobin().starter().get("RoundRobin.java"), Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.failed, result.status());
        assertEquals(0, result.score());
        GradeResult.TestResult shares = result.tests().stream().filter(t -> t.id().equals("RoundRobinTest.four_servers_get_equal_shares")).findFirst().orElseThrow();
        assertEquals("seed 1: server-0 got 100% of requests; round robin gives each of 4 servers 25% ± 1", shares.message());
        assertEquals("failed", shares.status());
        assertEquals(4, shares.figures().get(0).path("labels").size());
    }

    @Test
    void a_compile_error_names_file_line_and_column() throws InterruptedException {
        GradeResult result = SharedSandbox.grade(solution().replace("return null;", "return null"), Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.compile_error, result.status());
        assertEquals("RoundRobin.java:23:20: ';' expected", result.problems().get(0).toString());
    }

    @Test
    void code_that_does_not_fit_the_tests_is_explained_without_showing_them() throws InterruptedException {
        GradeResult result = SharedSandbox.grade(solution().replace("class RoundRobin", "class RoundRobin2"), Exercise.Mode.SUBMIT);
        assertEquals(GradeResult.Status.compile_error, result.status(), () -> Reports.text("x", result));
        assertTrue(result.message().contains("class RoundRobin2 is public, should be declared in a file named RoundRobin2.java")
                || result.message().contains("cannot find symbol"), result.message());
        assertFalse(result.message().contains("RoundRobinHiddenTest.java"), result.message());
    }

    @Test
    void repeated_submissions_come_from_the_cache() throws InterruptedException {
        var submission = new GradingService.Submission("lb-round-robin", Map.of("RoundRobin.java", solution() + "\n// cache me\n"),
                Exercise.Mode.RUN, "cache-user", null);
        GradeResult first = ((GradeOutcome.Graded) SharedSandbox.service().grade(submission)).result();
        GradeResult second = ((GradeOutcome.Graded) SharedSandbox.service().grade(submission)).result();
        assertFalse(first.cached());
        assertTrue(second.cached());
        assertEquals(first.score(), second.score());
    }

    @Test
    void unknown_exercises_and_files_are_invalid_requests() throws InterruptedException {
        assertInstanceOf(GradeOutcome.Invalid.class, SharedSandbox.service().grade(
                new GradingService.Submission("nope", Map.of(), Exercise.Mode.RUN, null, null)));
        GradeOutcome outcome = SharedSandbox.service().grade(
                new GradingService.Submission("lb-round-robin", Map.of("RoundRobinTest.java", "class X {}"), Exercise.Mode.RUN, null, null));
        assertEquals(new GradeOutcome.Invalid("RoundRobinTest.java is not a file of lb-round-robin; the files you edit are RoundRobin.java"), outcome);
    }

    @Test
    void a_user_who_submits_too_often_is_told_when_to_come_back() {
        var limiter = new GradingService.RateLimiter(30, 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(null, limiter.acquire("user:ada"));
        }
        Duration wait = limiter.acquire("user:ada");
        assertTrue(wait != null && wait.toMillis() > 1_000 && wait.toMillis() <= 2_000, "wait " + wait);
        assertEquals(null, limiter.acquire("user:grace"));
    }

    @Test
    void a_full_queue_answers_busy_with_retry_after() throws Exception {
        var exercises = SharedSandbox.service().exercises();
        var settings = new GradingService.Settings(0, 10_000, 0, 0, 10);
        // A service that shares the warm pool but admits nothing beyond the two running jobs.
        var tight = new GradingService(exercises, SharedSandbox.service().pool(), settings);
        String slow = solution().replace("int n = backends.size();", "if (request.id() == 5) { long t = 0; while (t >= 0) { t++; } }\n        int n = backends.size();");
        var threads = new Thread[2];
        for (int i = 0; i < threads.length; i++) {
            String source = slow + "\n// " + i;
            threads[i] = new Thread(() -> {
                try {
                    tight.grade(new GradingService.Submission("lb-round-robin", Map.of("RoundRobin.java", source), Exercise.Mode.RUN, null, null));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[i].start();
        }
        Thread.sleep(300);
        GradeOutcome outcome = tight.grade(new GradingService.Submission("lb-round-robin", Map.of("RoundRobin.java", solution() + "\n// busy"),
                Exercise.Mode.RUN, null, null));
        GradeOutcome.Busy busy = assertInstanceOf(GradeOutcome.Busy.class, outcome);
        assertTrue(busy.retryAfter().toSeconds() >= 1);
        for (Thread t : threads) {
            t.join();
        }
        SharedSandbox.assertHealthyAndHonestGradingWorks();
    }
}
