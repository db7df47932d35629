package dev.loadbearing.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns what a test threw into words for the learner: the assertion's message as written by the
 * exercise author, or which of the learner's methods threw what and where. Stack frames of the
 * grader, JUnit and the JDK are never shown; only the learner's own.
 */
final class Failures {
    /** Learner frames listed under an exception. */
    static final int MAX_FRAMES = 5;

    private Failures() {
    }

    static String describe(Throwable thrown, Set<String> learnerClasses) {
        if (thrown instanceof AssertionError && !thrownByLearner(thrown, learnerClasses)) {
            return thrown.getMessage() == null ? "an assertion failed" : thrown.getMessage();
        }
        Throwable root = thrown;
        String prefix = "";
        if (thrown instanceof ExceptionInInitializerError && thrown.getCause() != null) {
            root = thrown.getCause();
            prefix = "a static initialiser failed: ";
        }
        if (root instanceof NoClassDefFoundError && root.getMessage() != null && root.getMessage().startsWith("Could not initialize class ")) {
            return "class " + root.getMessage().substring("Could not initialize class ".length())
                    + " cannot be used: its static initialiser failed in an earlier test";
        }
        List<String> frames = learnerFrames(root, learnerClasses);
        if (root instanceof StackOverflowError) {
            return "StackOverflowError: your code called itself too deeply (endless recursion?)"
                    + (frames.isEmpty() ? "" : " at " + frames.get(0));
        }
        // No special case for OutOfMemoryError: one the JVM raises ends the worker
        // (-XX:+ExitOnOutOfMemoryError) and is reported from outside; one that arrives here was
        // thrown by code, and reads like any other exception.
        String what = root.getClass().getName().startsWith("java.") ? root.getClass().getSimpleName() : root.getClass().getName();
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (frames.isEmpty()) {
            return prefix + what + message;
        }
        var text = new StringBuilder(prefix).append(frames.get(0).replaceAll(" \\(.*", "")).append(" threw ").append(what).append(message);
        for (String frame : frames) {
            text.append("\n    at ").append(frame);
        }
        return text.toString();
    }

    /**
     * Whether the test ended because code threw (an exception, a stack overflow), rather than
     * because an assertion about its results failed.
     */
    static boolean isCrash(Throwable thrown, Set<String> learnerClasses) {
        return !(thrown instanceof AssertionError) || thrownByLearner(thrown, learnerClasses);
    }

    private static final java.util.regex.Pattern FRAME =
            java.util.regex.Pattern.compile("^(\\s+at )((?:[^\\s/(]*/)*)([\\w.$]+)\\.[\\w$<>]+(?:\\(.*)?$|^\\s+\\.\\.\\. \\d+ more\\s*$");

    /**
     * Text the learner sees (what their code printed, a failure message) without the stack frames
     * of anything but their own classes: a printed stack trace would otherwise show the hidden
     * tests' class and method names and line numbers. A run of hidden frames becomes one line.
     */
    static String hideFrames(String text, Set<String> learnerClasses) {
        if (text == null || !text.contains("at ")) {
            return text;
        }
        var out = new StringBuilder();
        boolean hiding = false;
        for (String line : text.split("\n", -1)) {
            var m = FRAME.matcher(line);
            if (m.matches() && (m.group(3) == null || !learnerClasses.contains(m.group(3)))) {
                if (!hiding) {
                    out.append("\t... (frames of the tests and the grader are not shown)\n");
                    hiding = true;
                }
                continue;
            }
            hiding = false;
            // A learner frame without its class loader's name ("learner//RoundRobin.pick").
            out.append(m.matches() ? m.group(1) + line.substring(m.end(2)).strip() : line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static boolean thrownByLearner(Throwable thrown, Set<String> learnerClasses) {
        StackTraceElement[] trace = thrown.getStackTrace();
        return trace.length > 0 && learnerClasses.contains(trace[0].getClassName());
    }

    private static List<String> learnerFrames(Throwable thrown, Set<String> learnerClasses) {
        var frames = new ArrayList<String>();
        for (StackTraceElement e : thrown.getStackTrace()) {
            if (learnerClasses.contains(e.getClassName())) {
                String method = e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1) + "." + e.getMethodName();
                String at = method + " (" + e.getFileName() + (e.getLineNumber() > 0 ? ":" + e.getLineNumber() : "") + ")";
                if (frames.isEmpty() || !frames.get(frames.size() - 1).equals(at)) {
                    frames.add(at);
                }
                if (frames.size() == MAX_FRAMES) {
                    break;
                }
            }
        }
        return frames;
    }
}
