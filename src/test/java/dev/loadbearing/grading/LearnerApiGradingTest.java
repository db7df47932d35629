package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.course.Exercise;
import org.junit.jupiter.api.Test;

/**
 * The simulation's learner API through the real sandbox, on the round-robin exercise: what a
 * learner sees when their policy throws, or when it reaches for a model internal.
 */
class LearnerApiGradingTest {

    private static String roundRobin(String pickBody) {
        return """
                import dev.loadbearing.sim.server.Backend;
                import dev.loadbearing.sim.server.LoadBalancer;
                import dev.loadbearing.sim.server.Request;
                import java.util.List;

                public final class RoundRobin implements LoadBalancer {
                    private int next;

                    @Override
                    public Backend pick(Request request, List<Backend> backends) {
                        %s
                    }
                }
                """.formatted(pickBody);
    }

    @Test
    void a_policy_that_throws_is_reported_at_the_learners_line_with_the_request_the_time_and_the_seed()
            throws InterruptedException {
        // Line 11: one past the end once the counter reaches the pool size.
        GradeResult result = SharedSandbox.grade(roundRobin("return backends.get(next++ % (backends.size() + 1));"),
                Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.failed, result.status(), () -> Reports.text("x", result));
        GradeResult.TestResult first = result.tests().stream().filter(t -> !t.passed()).findFirst().orElseThrow();
        String message = first.message();
        assertTrue(message.matches("(?s).*your pick\\(\\) threw ArrayIndexOutOfBoundsException \\(Index \\d out of bounds for length \\d\\) "
                + "at RoundRobin\\.java:11 while request #\\d+ from client-\\d+ arrived at t=[\\d.]+ m?s \\(seed \\d+\\).*"),
                message);
    }

    @Test
    void taking_over_a_requests_completion_is_refused_with_the_line_and_the_alternative() throws InterruptedException {
        GradeResult result = SharedSandbox.grade(roundRobin("request.onComplete(r -> { }); return backends.get(0);"),
                Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.rejected, result.status(), () -> Reports.text("x", result));
        GradeResult.Problem problem = result.problems().get(0);
        assertEquals("RoundRobin.java", problem.file());
        assertEquals(11, problem.line(), problem::toString);
        assertTrue(problem.message().contains("Request.onComplete is not available in exercises")
                && problem.message().contains("Backend.recentLatencyMs()"), problem::toString);
    }

    @Test
    void completing_a_request_does_not_compile() throws InterruptedException {
        GradeResult result = SharedSandbox.grade(roundRobin(
                "request.complete(request.createdAt(), dev.loadbearing.sim.server.Outcome.OK); return backends.get(0);"),
                Exercise.Mode.RUN);
        assertEquals(GradeResult.Status.compile_error, result.status(), () -> Reports.text("x", result));
        GradeResult.Problem problem = result.problems().get(0);
        assertEquals(11, problem.line(), problem::toString);
        assertTrue(problem.message().contains("complete"), problem::toString);
    }
}
