package dev.loadbearing.grading;

import java.nio.file.Path;
import java.util.Locale;

/** Readable text for a terminal: a grading result, with each test's verdict. */
public final class Reports {
    private Reports() {
    }

    /** Where workers' files go unless told otherwise: a per-user folder in the temp directory. */
    public static Path defaultWorkDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "loadbearing-" + System.getProperty("user.name", "user"));
    }

    public static String text(String exerciseId, GradeResult result) {
        var out = new StringBuilder();
        out.append(exerciseId).append(": ").append(result.status().name().toUpperCase(Locale.ROOT).replace('_', ' '))
                .append(String.format(Locale.ROOT, "  %d/%d points  (%d ms%s)%n", result.score(), result.maxScore(), result.millis(),
                        result.cached() ? ", cached" : ""));
        out.append(result.message()).append(System.lineSeparator());
        for (GradeResult.Problem problem : result.problems()) {
            out.append("  ").append(problem).append(System.lineSeparator());
        }
        if (!result.tests().isEmpty()) {
            out.append(System.lineSeparator());
        }
        for (GradeResult.TestResult test : result.tests()) {
            // The status word of the JSON result, so a test reads the same in both.
            String mark = switch (test.status()) {
                case "passed" -> "PASS";
                case "timeout" -> "TIMEOUT";
                case "not_run" -> "NOT RUN";
                case "error" -> "ERROR";
                case "skipped" -> "SKIPPED";
                case "aborted" -> "ABORTED";
                default -> "FAIL";
            };
            out.append(String.format(Locale.ROOT, "  %-7s  %s%s  [%d/%d]%n", mark, test.name(), test.hidden() ? " (hidden)" : "",
                    test.points(), test.maxPoints()));
            if (!test.passed() && test.message() != null && !test.status().equals("not_run")) {
                test.message().lines().forEach(line -> out.append("        ").append(line).append(System.lineSeparator()));
            }
            if (!test.output().isEmpty()) {
                out.append("        output:").append(System.lineSeparator());
                test.output().lines().limit(20).forEach(line -> out.append("        | ").append(line).append(System.lineSeparator()));
            }
        }
        // A report always ends with a line break, whatever its last line came from.
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append(System.lineSeparator());
        }
        return out.toString();
    }
}
