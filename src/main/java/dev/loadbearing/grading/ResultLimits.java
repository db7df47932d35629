package dev.loadbearing.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a result small whatever the code attached or printed: it is stored in the database, kept
 * in the result cache and sent to the page on every look. Figures go first (the last test's
 * first), then output is shortened; the message says what was left out.
 */
final class ResultLimits {
    /** The largest result, as JSON. */
    static final int MAX_RESULT_BYTES = 256 * 1024;
    /** Output kept per test when the result is still too big without figures. */
    static final int SHORT_OUTPUT_CHARS = 1024;
    static final String NOTE = " Some figures and output were left out: a result may be at most " + MAX_RESULT_BYTES / 1024 + " KB.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultLimits() {
    }

    /** The result's size as JSON, in bytes. */
    static int bytes(GradeResult result) {
        try {
            return JSON.writeValueAsString(result).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result itself when it is small enough; otherwise one without some figures and output, saying so. */
    static GradeResult capped(GradeResult result) {
        if (bytes(result) <= MAX_RESULT_BYTES) {
            return result;
        }
        var tests = new ArrayList<>(result.tests());
        List<JsonNode> figures = List.of();
        GradeResult smaller = with(result, tests, figures);
        for (int i = tests.size() - 1; i >= 0 && bytes(smaller) > MAX_RESULT_BYTES; i--) {
            tests.set(i, withFigures(tests.get(i), List.of()));
            smaller = with(result, tests, figures);
        }
        for (int i = tests.size() - 1; i >= 0 && bytes(smaller) > MAX_RESULT_BYTES; i--) {
            GradeResult.TestResult t = tests.get(i);
            String output = t.output().length() <= SHORT_OUTPUT_CHARS ? t.output() : t.output().substring(0, SHORT_OUTPUT_CHARS) + " …";
            String message = t.message() == null || t.message().length() <= SHORT_OUTPUT_CHARS ? t.message()
                    : t.message().substring(0, SHORT_OUTPUT_CHARS) + " …";
            tests.set(i, new GradeResult.TestResult(t.id(), t.name(), t.status(), t.hidden(), t.points(), t.maxPoints(), message,
                    output, t.figures(), t.millis()));
            smaller = with(result, tests, figures);
        }
        return smaller;
    }

    private static GradeResult with(GradeResult r, List<GradeResult.TestResult> tests, List<JsonNode> figures) {
        return new GradeResult(r.status(), r.score(), r.maxScore(), r.message() + NOTE, List.copyOf(tests), r.problems(), figures,
                r.millis(), r.cached());
    }

    private static GradeResult.TestResult withFigures(GradeResult.TestResult t, List<JsonNode> figures) {
        return new GradeResult.TestResult(t.id(), t.name(), t.status(), t.hidden(), t.points(), t.maxPoints(), t.message(),
                t.output(), figures, t.millis());
    }
}
