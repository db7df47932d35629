package dev.loadbearing.grading;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The verdict on one submission, as the page, the command line ({@code grade --json}) and the
 * database see it.
 *
 * @param status   passed, failed, compile_error, rejected, timeout or error
 * @param score    points earned
 * @param maxScore points available in this mode
 * @param message  one or two sentences for the learner: what happened and where to look
 * @param tests    every expected test, in order, with its verdict
 * @param problems compile errors or policy violations, each with file, line and column
 * @param figures  the figures to show first: those of the first failing test, or of the first test
 * @param millis   wall time of the grading in the sandbox
 * @param cached   whether this came from the result cache
 */
public record GradeResult(
        Status status,
        int score,
        @JsonProperty("max_score") int maxScore,
        String message,
        List<TestResult> tests,
        List<Problem> problems,
        List<JsonNode> figures,
        long millis,
        boolean cached) {

    /** The overall verdict. */
    public enum Status {
        passed, failed, compile_error, rejected, timeout, error
    }

    /**
     * One test's verdict.
     *
     * @param id      {@code TestClass.method}
     * @param name    the test's display name
     * @param status  passed, failed, aborted, skipped, timeout, not_run or error (the text report shows the same word)
     * @param hidden  whether it runs only on Submit
     * @param points  points earned
     * @param maxPoints points available
     * @param message why it failed, in the author's words or what the code threw
     * @param output  what the code printed during the test (capped; stack frames of the tests hidden; lines starting
     *                {@code [grader]} say what was left out)
     * @param figures charts the test attached (at most 8, each at most 1,000 points in any one list)
     * @param millis  how long it ran: for a parameterized test, its longest invocation (what {@code test_ms} limits)
     */
    public record TestResult(String id, String name, String status, boolean hidden, int points,
                             @JsonProperty("max_points") int maxPoints, String message, String output,
                             List<JsonNode> figures, long millis) {
        public boolean passed() {
            return status.equals("passed");
        }
    }

    /** A compile error or a refused use of an API, where to find it. */
    public record Problem(String file, long line, long column, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message;
        }
    }

    public boolean passed() {
        return status == Status.passed;
    }

    GradeResult asCached() {
        return new GradeResult(status, score, maxScore, message, tests, problems, figures, millis, true);
    }
}
