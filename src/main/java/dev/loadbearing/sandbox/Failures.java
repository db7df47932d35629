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
        if (root instanceof OutOfMemoryError) {
            return "OutOfMemoryError: your code used more memory than exercises allow"
                    + (frames.isEmpty() ? "" : " at " + frames.get(0));
        }
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
