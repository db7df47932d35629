package dev.loadbearing.sim.engine;

import java.util.List;
import java.util.Objects;

/**
 * Words for an exception that code under test (a learner's policy, a test's callback) threw
 * inside an event: which of its methods threw what, at which file and line, and what the model
 * was doing, e.g. {@code your pick() threw ArrayIndexOutOfBoundsException (Index 4 out of bounds
 * for length 4) at LeastConnections.java:14 while request #812 from client-3 arrived}. Frames of
 * the JDK and of the library's own packages are skipped, so the line is the caller's.
 */
final class CodeUnderTest {
    /** The library's packages; classes elsewhere (learners', tests', reference policies) are code under test. */
    static final List<String> LIBRARY = List.of("engine", "net", "server", "workload", "metrics",
            "scenario", "store", "broker", "node", "dns", "check", "figure", "race", "http", "live", "scale", "socket",
            "rpc", "shard", "eventlog", "function");

    private CodeUnderTest() {
    }

    static String threw(RuntimeException e, String during) {
        StackTraceElement[] trace = e.getStackTrace();
        int first = 0;
        while (first < trace.length && !isCodeUnderTest(trace[first].getClassName())) {
            first++;
        }
        String what = e.getClass().getName().startsWith("java.") ? e.getClass().getSimpleName() : e.getClass().getName();
        String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        if (trace.length == 0) {
            return capitalized(during) + " and " + what + detail
                    + " was thrown (the JVM left out where: it does so for exceptions thrown often)";
        }
        if (first == trace.length) {
            return capitalized(during) + " and the model failed with " + what + detail;
        }
        StackTraceElement at = trace[first];
        // The method the library called: the outermost frame of the same file, lambdas skipped.
        String method = at.getMethodName();
        for (int i = first; i < trace.length && isCodeUnderTest(trace[i].getClassName())
                && Objects.equals(trace[i].getFileName(), at.getFileName()); i++) {
            String name = trace[i].getMethodName();
            if (!name.startsWith("lambda$")) {
                method = name;
            }
        }
        String where = (at.getFileName() == null ? at.getClassName() : at.getFileName())
                + (at.getLineNumber() > 0 ? ":" + at.getLineNumber() : "");
        return "your " + (method.startsWith("lambda$") ? "code" : method + "()") + " threw " + what + detail
                + " at " + where + " while " + during;
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + text.substring(1);
    }

    private static boolean isCodeUnderTest(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.")) {
            return false;
        }
        if (className.startsWith("dev.loadbearing.sim.")) {
            String rest = className.substring("dev.loadbearing.sim.".length());
            int dot = rest.indexOf('.');
            return dot < 0 || !LIBRARY.contains(rest.substring(0, dot));
        }
        return !className.startsWith("dev.loadbearing.");
    }
}
