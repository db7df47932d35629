package dev.loadbearing.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadbearing.course.Exercise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns what a worker reported into a {@link GradeResult}. The tests the exercise expects are the
 * truth: each earns its points only with a "passed" frame for exactly its id; a test that never
 * reported, was aborted or skipped earns nothing, whatever the learner's code printed.
 */
final class Scoring {
    private Scoring() {
    }

    static GradeResult score(Exercise exercise, Exercise.Mode mode, Worker.Run run, Set<String> learnerFiles) {
        List<Exercise.TestCase> cases = exercise.cases(mode);
        int max = cases.stream().mapToInt(exercise.points()::of).sum();
        if (run == null) {
            return verdict(GradeResult.Status.error, 0, max, "No grading worker became free in time; the grader is overloaded or could not start. Try again in a moment.",
                    notRun(exercise, cases, "not run"), List.of(), 0);
        }
        JsonNode done = run.done();
        String status = done == null ? "" : done.path("status").asText();
        if (run.ending() == Worker.Ending.PROTOCOL) {
            return verdict(GradeResult.Status.error, 0, max, "The grader received an invalid reply (" + run.detail() + ") and replaced the worker. Try again.",
                    notRun(exercise, cases, "not run"), List.of(), run.millis());
        }
        if (status.equals("compile_error")) {
            return compileError(exercise, cases, max, done, learnerFiles, run.millis());
        }
        if (status.equals("rejected")) {
            var problems = new ArrayList<GradeResult.Problem>();
            for (JsonNode v : done.path("violations")) {
                problems.add(new GradeResult.Problem(v.path("file").asText(), v.path("line").asLong(), 0, v.path("message").asText()));
            }
            String first = problems.isEmpty() ? "your code uses something exercises do not allow" : problems.get(0).toString();
            return new GradeResult(GradeResult.Status.rejected, 0, max, "Your code was not run: " + first
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""),
                    notRun(exercise, cases, "not run: the code was refused"), problems, List.of(), run.millis(), false);
        }
        if (status.equals("error")) {
            return verdict(GradeResult.Status.error, 0, max, "The grader failed: " + done.path("message").asText(),
                    notRun(exercise, cases, "not run"), List.of(), run.millis());
        }
        Map<String, JsonNode> reported = new HashMap<>();
        for (JsonNode test : run.tests()) {
            reported.putIfAbsent(test.path("id").asText(), test);
        }
        Map<String, String> classFailures = new HashMap<>();
        if (done != null) {
            for (JsonNode failure : done.path("class_failures")) {
                classFailures.putIfAbsent(failure.path("class").asText(), failure.path("message").asText());
            }
        }
        boolean timedOut = status.equals("timeout") || run.ending() == Worker.Ending.KILLED;
        boolean died = run.ending() == Worker.Ending.DIED && done == null;
        String stopId = timedOut || died || status.equals("stopped") ? stopId(run) : null;
        String stopName = done != null && done.hasNonNull("name") ? done.path("name").asText() : run.lastStartedName();
        long limit = done != null && done.has("limit_ms") ? done.path("limit_ms").asLong() : exercise.limits().testMillis();
        boolean memory = died && memory(run);
        if (died && !memory) {
            // Killed from outside (or the JVM crashed): nothing the code did, so no verdict on it.
            return verdict(GradeResult.Status.error, 0, max, "The grading worker stopped" + (stopName != null ? " during \"" + stopName + "\"" : "")
                    + " for a reason outside your code (" + run.detail() + "), also when tried again on a fresh worker. This is not a verdict on your code: submit again in a moment.",
                    notRun(exercise, cases, "not run"), List.of(), run.millis());
        }

        var tests = new ArrayList<GradeResult.TestResult>();
        int score = 0;
        for (Exercise.TestCase c : cases) {
            int points = exercise.points().of(c);
            JsonNode frame = reported.get(c.id());
            if (frame != null) {
                String testStatus = frame.path("status").asText("failed");
                boolean passed = testStatus.equals("passed");
                score += passed ? points : 0;
                tests.add(new GradeResult.TestResult(c.id(), frame.path("name").asText(c.id()), testStatus, c.hidden(),
                        passed ? points : 0, points, text(frame.get("message")), frame.path("output").asText(""),
                        GradingService.list(frame.get("figures")), frame.path("ms").asLong()));
            } else if (c.id().equals(stopId)) {
                String message;
                String testStatus;
                if (memory) {
                    testStatus = "error";
                    message = "Your code ran out of memory during this test (the limit is " + WorkerLauncher.HEAP_MB
                            + " MB). Look for a collection that grows without bound.";
                } else if (died) {
                    testStatus = "error";
                    message = "The grader's JVM stopped during this test (" + run.detail() + ").";
                } else {
                    testStatus = "timeout";
                    message = String.format(Locale.ROOT, "This test took longer than %.1f s and was stopped. Look for a loop that never ends, or a wait for something that never happens.",
                            limit / 1000.0);
                }
                tests.add(new GradeResult.TestResult(c.id(), stopName == null ? c.id() : stopName, testStatus, c.hidden(),
                        0, points, message, "", List.of(), limit));
            } else {
                String why = classFailures.get(c.testClass());
                String message = why != null ? why
                        : stopId != null ? "not run: grading stopped at " + (stopName == null ? stopId : "\"" + stopName + "\"")
                        : timedOut ? "not run: grading stopped before this test"
                        : "this test did not report a result, so it counts as failed";
                tests.add(new GradeResult.TestResult(c.id(), c.id(), why != null ? "failed" : "not_run", c.hidden(), 0, points,
                        message, "", List.of(), 0));
            }
        }
        List<JsonNode> figures = firstFigures(tests);
        GradeResult.TestResult timedOutEarlier = tests.stream().filter(t -> t.status().equals("timeout")).findFirst().orElse(null);
        if (!timedOut && timedOutEarlier != null) {
            // A test timed out on an earlier worker; the tests after it ran on a fresh one.
            return new GradeResult(GradeResult.Status.timeout, score, max, String.format(Locale.ROOT,
                    "Time limit: \"%s\" took longer than %.1f s and was stopped; the other tests ran and are scored. Look for a loop that never ends.",
                    timedOutEarlier.name(), exercise.limits().testMillis() / 1000.0), tests, List.of(), figures, run.millis(), false);
        }
        JsonNode memoryEarlier = run.tests().stream().filter(t -> t.path("stop").asText().equals("memory")).findFirst().orElse(null);
        if (memoryEarlier != null && !timedOut && !died) {
            return new GradeResult(GradeResult.Status.failed, score, max, "Your code ran out of memory in \"" + memoryEarlier.path("name").asText()
                    + "\" (the limit is " + WorkerLauncher.HEAP_MB + " MB); the other tests ran and are scored.", tests, List.of(), figures, run.millis(), false);
        }
        if (timedOut) {
            String where = timedOutEarlier != null ? "\"" + timedOutEarlier.name() + "\"" : stopName != null ? "\"" + stopName + "\"" : done != null && "compiling".equals(done.path("phase").asText()) ? "compiling your code" : "your code";
            return new GradeResult(GradeResult.Status.timeout, score, max, String.format(Locale.ROOT,
                    "Time limit: %s took longer than %.1f s and was stopped. Look for a loop that never ends.", where, limit / 1000.0),
                    tests, List.of(), figures, run.millis(), false);
        }
        if (died) {
            String firstName = memoryEarlier != null ? memoryEarlier.path("name").asText() : stopName;
            String message = memory
                    ? "Your code ran out of memory" + (firstName != null ? " in \"" + firstName + "\"" : "") + " (the limit is " + WorkerLauncher.HEAP_MB + " MB)."
                    : "The grader's JVM stopped unexpectedly" + (stopName != null ? " in \"" + stopName + "\"" : "") + " (" + run.detail() + ").";
            return new GradeResult(memory ? GradeResult.Status.failed : GradeResult.Status.error, score, max, message,
                    tests, List.of(), figures, run.millis(), false);
        }
        long passed = tests.stream().filter(GradeResult.TestResult::passed).count();
        if (passed == tests.size() && !tests.isEmpty()) {
            return new GradeResult(GradeResult.Status.passed, score, max, "All " + tests.size() + " tests passed.", tests, List.of(), figures, run.millis(), false);
        }
        GradeResult.TestResult firstFailure = tests.stream().filter(t -> !t.passed()).findFirst().orElseThrow();
        String why = firstFailure.message() == null ? firstFailure.status() : firstFailure.message().lines().findFirst().orElse("");
        return new GradeResult(GradeResult.Status.failed, score, max, passed + " of " + tests.size() + " tests passed. First failure, \""
                + firstFailure.name() + "\": " + why, tests, List.of(), figures, run.millis(), false);
    }

    /** Whether a worker that died took the code's memory with it (rather than being killed from outside). */
    static boolean memory(Worker.Run run) {
        String detail = run.detail() == null ? "" : run.detail();
        return detail.contains("OutOfMemoryError") || detail.contains(Worker.MEMORY_CGROUP_KILL)
                || detail.startsWith("exit status 3") && !detail.contains("grading worker failed");
    }

    /** Whether a worker died mid-job for a reason outside the code: the job deserves another worker. */
    static boolean infrastructure(Worker.Run run) {
        return run != null && run.ending() == Worker.Ending.DIED && run.done() == null && !memory(run);
    }

    /** The test a run stopped at (timed out, ran out of memory, threw OutOfMemoryError), or null. */
    static String stopId(Worker.Run run) {
        JsonNode done = run.done();
        return done != null && done.hasNonNull("id") ? done.path("id").asText() : run.lastStartedId();
    }

    /**
     * When a run stopped at one test for a reason that test's code caused, the test's verdict as a
     * frame, so the tests after it can run on a fresh worker; null when the run cannot be continued
     * (it finished, was refused, ran out of its total time or died for another reason).
     */
    static JsonNode stopFrame(Exercise exercise, Worker.Run run) {
        if (run == null || run.ending() == Worker.Ending.PROTOCOL) {
            return null;
        }
        JsonNode done = run.done();
        String status = done == null ? "" : done.path("status").asText();
        String id = stopId(run);
        if (id == null) {
            return null;
        }
        String name = done != null && done.hasNonNull("name") ? done.path("name").asText() : run.lastStartedName();
        var frame = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        frame.put("type", "test").put("id", id).put("name", name == null ? id : name).put("output", "");
        frame.putArray("figures");
        if (status.equals("stopped")) {
            frame.put("status", "reported"); // the worker sent the test's own frame
            return frame;
        }
        boolean testTimeout = status.equals("timeout") && done.path("limit_ms").asLong() == exercise.limits().testMillis()
                || run.ending() == Worker.Ending.KILLED;
        if (testTimeout) {
            frame.put("status", "timeout").put("ms", exercise.limits().testMillis()).put("message", String.format(Locale.ROOT,
                    "This test took longer than %.1f s and was stopped. Look for a loop that never ends, or a wait for something that never happens.",
                    exercise.limits().testMillis() / 1000.0));
            return frame;
        }
        if (run.ending() == Worker.Ending.DIED && done == null && memory(run)) {
            frame.put("status", "error").put("stop", "memory").put("ms", 0).put("message", "Your code ran out of memory during this test (the limit is "
                    + WorkerLauncher.HEAP_MB + " MB). Look for a collection that grows without bound.");
            return frame;
        }
        return null;
    }

    /** javac's words for a test that uses what the learner's code does not offer (or offers differently). */
    private static final java.util.regex.Pattern API_MISMATCH = java.util.regex.Pattern.compile(
            "cannot find symbol|cannot be applied to|incompatible types|no suitable (method|constructor)|does not override|is not abstract"
            + "|has private access|is not public|cannot be accessed from outside|unreported exception|cannot be referenced from a static context"
            + "|cannot be instantiated|cannot inherit from final|cannot be dereferenced|bad operand types|not a functional interface"
            + "|already defined|does not take parameters|cannot return a value|no enclosing instance");

    private static GradeResult compileError(Exercise exercise, List<Exercise.TestCase> cases, int max, JsonNode done,
            Set<String> learnerFiles, long millis) {
        var problems = new ArrayList<GradeResult.Problem>();
        var testProblems = new ArrayList<String>();
        var authorProblems = new ArrayList<GradeResult.Problem>();
        List<String> learnerClasses = learnerFiles.stream().map(f -> f.substring(f.lastIndexOf('/') + 1).replaceAll("\\.java$", "")).toList();
        for (JsonNode e : done.path("errors")) {
            String text = e.path("message").asText();
            if (e.path("learner").asBoolean() && learnerFiles.contains(e.path("file").asText())) {
                problems.add(new GradeResult.Problem(e.path("file").asText(), e.path("line").asLong(), e.path("column").asLong(), text));
            } else if (API_MISMATCH.matcher(text).find() || learnerClasses.stream().anyMatch(c -> text.matches("(?s).*\\b" + c + "\\b.*"))) {
                // The tests use what the learner's code does not offer: say what is missing, never
                // where in the (possibly hidden) test it is.
                testProblems.add(text.lines().findFirst().orElse("") + symbol(text));
            } else {
                // An error of the test file itself (the author's), whatever the learner wrote.
                authorProblems.add(new GradeResult.Problem(e.path("file").asText(), e.path("line").asLong(), e.path("column").asLong(),
                        text.lines().findFirst().orElse("")));
            }
        }
        String message;
        if (!problems.isEmpty()) {
            message = "Your code does not compile: " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        } else if (testProblems.isEmpty() && !authorProblems.isEmpty()) {
            return new GradeResult(GradeResult.Status.error, 0, max, "The exercise's tests do not compile (" + authorProblems.get(0)
                    + "). This is a problem with the exercise, not with your code: tell the course's author.",
                    notRun(exercise, cases, "not run: the exercise's tests do not compile"), authorProblems, List.of(), millis, false);
        } else {
            message = "Your code compiles, but the tests cannot use it: " + String.join("; ", testProblems.subList(0, Math.min(3, testProblems.size())))
                    + ". Keep the class names and public methods the starter code has.";
            problems.add(new GradeResult.Problem(exercise.editable().get(0), 0, 0, message));
        }
        return new GradeResult(GradeResult.Status.compile_error, 0, max, message,
                notRun(exercise, cases, "not run: the code does not compile"), problems, List.of(), millis, false);
    }

    private static String symbol(String message) {
        return message.lines().filter(l -> l.strip().startsWith("symbol:")).findFirst().map(l -> " (" + l.strip() + ")").orElse("");
    }

    private static List<GradeResult.TestResult> notRun(Exercise exercise, List<Exercise.TestCase> cases, String message) {
        return cases.stream().map(c -> new GradeResult.TestResult(c.id(), c.id(), "not_run", c.hidden(), 0,
                exercise.points().of(c), message, "", List.<JsonNode>of(), 0)).toList();
    }

    private static GradeResult verdict(GradeResult.Status status, int score, int max, String message,
            List<GradeResult.TestResult> tests, List<JsonNode> figures, long millis) {
        return new GradeResult(status, score, max, message, tests, List.of(), figures, millis, false);
    }

    private static List<JsonNode> firstFigures(List<GradeResult.TestResult> tests) {
        for (GradeResult.TestResult t : tests) {
            if (!t.passed() && !t.figures().isEmpty()) {
                return t.figures();
            }
        }
        return tests.stream().map(GradeResult.TestResult::figures).filter(f -> !f.isEmpty()).findFirst().orElse(List.of());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
