package dev.loadbearing.sandbox;

import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.Figures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * Runs one job on the harness thread: checks sizes, compiles, verifies every learner class,
 * defines learner classes and tests in fresh loaders, and runs the tests with the JUnit Platform,
 * streaming a frame as each test starts and finishes. The watchdog ({@link WorkerMain}) reads
 * {@link #current} to name the test that runs too long.
 */
final class JobRunner {
    /** Figures kept per test; more are dropped, and the test's output says so. */
    static final int MAX_FIGURES_PER_TEST = 8;
    /** Points (bars, bins, samples of a series) a figure may have in any one of its lists; a bigger figure is dropped. */
    static final int MAX_FIGURE_POINTS = 1_000;
    /** Learner classes a job may define (nested and anonymous ones included). */
    static final int MAX_CLASSES = 64;
    /** Bytes of a test failure message sent back. */
    static final int MAX_MESSAGE = 2_000;

    private final Job job;
    private final Frames frames;
    private final OutputRouter router;
    private final Launcher launcher;
    private final InMemoryCompiler compiler;

    /** What runs now, for the watchdog: a phase ("compiling", "running") and a test. */
    volatile String phase = "starting";
    volatile String currentId;
    volatile String currentName;
    volatile long currentSince;

    JobRunner(Job job, Frames frames, OutputRouter router, Launcher launcher, InMemoryCompiler compiler) {
        this.job = job;
        this.frames = frames;
        this.router = router;
        this.launcher = launcher;
        this.compiler = compiler;
    }

    void run() {
        var done = Frames.frame("done");
        String refused = sizeProblem();
        if (refused != null) {
            done.put("status", "rejected");
            done.put("violations", List.of(Map.of("file", refused.substring(0, refused.indexOf(':')), "line", 0,
                    "message", refused.substring(refused.indexOf(':') + 2))));
            frames.send(done);
            return;
        }
        phase = "compiling";
        currentSince = System.nanoTime();
        long compileStart = System.nanoTime();
        InMemoryCompiler.Output compiled = compiler.compileJob(job.sources(), job.tests());
        done.put("compile_ms", (System.nanoTime() - compileStart) / 1_000_000);
        done.put("cached_tests", compiled.cachedTests());
        if (!compiled.errors().isEmpty()) {
            done.put("status", "compile_error");
            done.put("errors", compiled.errors().stream().map(e -> {
                var m = new LinkedHashMap<String, Object>();
                m.put("file", e.file());
                m.put("line", e.line());
                m.put("column", e.column());
                m.put("message", e.message());
                m.put("learner", e.learner());
                return m;
            }).toList());
            frames.send(done);
            return;
        }
        phase = "checking";
        var learnerClasses = new HashMap<String, byte[]>();
        var testClasses = new HashMap<String, byte[]>();
        compiled.classes().forEach((name, bytes) ->
                (job.sources().containsKey(compiled.origin().get(name)) ? learnerClasses : testClasses).put(name, bytes));
        List<Map<String, Object>> violations = verify(learnerClasses, testClasses.keySet());
        if (!violations.isEmpty()) {
            done.put("status", "rejected");
            done.put("violations", violations);
            frames.send(done);
            return;
        }
        phase = "running";
        ClassLoader learnerLoader = new JobClassLoader("learner", WorkerMain.class.getClassLoader(), learnerClasses);
        ClassLoader testLoader = new JobClassLoader("tests", learnerLoader, testClasses);
        var selectors = new ArrayList<org.junit.platform.engine.discovery.ClassSelector>();
        // Test classes in the order of their files in the exercise (visible first), methods in source order.
        var fileOrder = new ArrayList<>(job.tests().keySet());
        var classOrder = new ArrayList<>(new TreeSet<>(testClasses.keySet()));
        classOrder.sort(java.util.Comparator.comparingInt(n -> fileOrder.indexOf(compiled.origin().get(n))));
        SourceOrder.use(methodOrder(testClasses));
        for (String name : classOrder) {
            if (!name.contains("$")) {
                try {
                    selectors.add(DiscoverySelectors.selectClass(Class.forName(name, false, testLoader)));
                } catch (ClassNotFoundException | LinkageError e) {
                    done.put("status", "error");
                    done.put("message", "the test class " + name + " could not be loaded: " + e);
                    frames.send(done);
                    return;
                }
            }
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .configurationParameter("junit.platform.output.capture.stdout", "false")
                .configurationParameter("junit.platform.output.capture.stderr", "false")
                .configurationParameter("junit.platform.stacktrace.pruning.enabled", "false")
                .configurationParameter("junit.jupiter.testmethod.order.default", SourceOrder.class.getName())
                .filters((org.junit.platform.launcher.PostDiscoveryFilter) descriptor -> descriptor.getSource()
                        .filter(MethodSource.class::isInstance).map(m -> job.skip().contains(testId((MethodSource) m)))
                        .orElse(false) ? org.junit.platform.engine.FilterResult.excluded("it already has a verdict")
                        : org.junit.platform.engine.FilterResult.included("to run"))
                .build();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(testLoader);
        var listener = new Listener(learnerClasses.keySet());
        try {
            launcher.execute(request, listener);
        } catch (OutOfMemoryError thrown) {
            // JUnit rethrows an OutOfMemoryError at once (it deems it unrecoverable). The JVM's own
            // ends the worker (-XX:+ExitOnOutOfMemoryError), so this one was thrown by code: the
            // test that ran gets it as its verdict, and the tests after it run on a fresh worker.
            router.discard();
            listener.thrownOutOfMemory(thrown);
            phase = "finished";
            done.put("status", "stopped");
            done.put("id", currentId);
            done.put("name", currentName);
            currentId = null;
            frames.send(done);
            return;
        } finally {
            thread.setContextClassLoader(before);
            router.discard();
            Figures.drain();
        }
        phase = "finished";
        currentId = null;
        done.put("status", "completed");
        if (!listener.classFailures.isEmpty()) {
            done.put("class_failures", listener.classFailures);
        }
        frames.send(done);
    }

    private String sizeProblem() {
        long total = 0;
        for (var source : job.sources().entrySet()) {
            int bytes = source.getValue().getBytes(StandardCharsets.UTF_8).length;
            total += bytes;
            if (bytes > job.limits().sourceBytes()) {
                return source.getKey() + ": the file is " + kib(bytes) + "; a file may be at most "
                        + kib(job.limits().sourceBytes());
            }
        }
        if (total > 4L * job.limits().sourceBytes()) {
            return job.sources().keySet().iterator().next() + ": your files add up to " + kib(total)
                    + "; together they may be at most " + kib(4L * job.limits().sourceBytes());
        }
        return null;
    }

    private static String kib(long bytes) {
        return (bytes + 1023) / 1024 + " KiB";
    }

    private List<Map<String, Object>> verify(Map<String, byte[]> learnerClasses, Set<String> testClassNames) {
        var found = new ArrayList<Map<String, Object>>();
        Set<String> testPackages = testClassNames.stream().map(JobRunner::packageOf).collect(Collectors.toSet());
        var internal = new HashMap<String, byte[]>();
        learnerClasses.forEach((name, bytes) -> internal.put(name.replace('.', '/'), bytes));
        var bySimpleFile = new HashMap<String, String>();
        job.sources().forEach((name, text) -> bySimpleFile.put(name.substring(name.lastIndexOf('/') + 1), text));
        var policy = new BytecodePolicy(internal, bySimpleFile);
        if (job.model().equals("race")) {
            policy.refuseSharedFields();
        }
        if (learnerClasses.size() > MAX_CLASSES) {
            found.add(violation(job.sources().keySet().iterator().next(), 0,
                    "your code declares " + learnerClasses.size() + " classes; exercises allow at most " + MAX_CLASSES));
            return found;
        }
        for (var entry : new java.util.TreeMap<>(learnerClasses).entrySet()) {
            String pkg = packageOf(entry.getKey());
            if (!testPackages.isEmpty() && !testPackages.contains(pkg)) {
                String expected = testPackages.iterator().next();
                found.add(violation(job.sources().keySet().iterator().next(), 1, "class " + entry.getKey()
                        + " must stay in " + (expected.isEmpty() ? "the default package (no package line)" : "package " + expected)
                        + ", like the starter code"));
                continue;
            }
            policy.check(entry.getValue());
        }
        for (BytecodePolicy.Violation v : policy.violations()) {
            found.add(violation(v.file(), v.line(), v.message()));
        }
        if (policy.violationCount() > BytecodePolicy.MAX_VIOLATIONS) {
            found.add(violation("", 0, (policy.violationCount() - BytecodePolicy.MAX_VIOLATIONS) + " more uses like these were refused"));
        }
        return found;
    }

    private static Map<String, Object> violation(String file, long line, String message) {
        var m = new LinkedHashMap<String, Object>();
        m.put("file", file);
        m.put("line", line);
        m.put("message", message);
        return m;
    }

    /** Each test class's methods ({@code name + descriptor}) in class-file order, which is source order. */
    private static Map<String, List<String>> methodOrder(Map<String, byte[]> testClasses) {
        var order = new HashMap<String, List<String>>();
        testClasses.forEach((name, bytes) -> {
            var methods = new ArrayList<String>();
            new org.objectweb.asm.ClassReader(bytes).accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9) {
                @Override
                public org.objectweb.asm.MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                    methods.add(method + descriptor);
                    return null;
                }
            }, org.objectweb.asm.ClassReader.SKIP_CODE);
            order.put(name, methods);
        });
        return order;
    }

    private static String packageOf(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot);
    }

    /** The id the server scores by: {@code SimpleClassName.method}. */
    static String testId(MethodSource source) {
        String cls = source.getClassName();
        cls = cls.substring(cls.lastIndexOf('.') + 1).replace('$', '.');
        return cls + "." + source.getMethodName();
    }

    /** Collects results per test method (a parameterized method's invocations fold into one). */
    private final class Listener implements TestExecutionListener {
        private final Set<String> learnerClasses;
        private final Map<String, Result> open = new HashMap<>();
        final List<Map<String, Object>> classFailures = new ArrayList<>();
        private OutputRouter.Capture capture;
        private TestPlan plan;

        Listener(Set<String> learnerClasses) {
            this.learnerClasses = learnerClasses;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            Optional<MethodSource> method = methodSource(id);
            if (method.isEmpty()) {
                return;
            }
            String key = testId(method.get());
            Result result = open.computeIfAbsent(key, k -> new Result(k, id.getDisplayName()));
            if (id.isTest()) {
                String name = result.name.equals(id.getDisplayName()) ? result.name : result.name + " [" + id.getDisplayName() + "]";
                currentId = key;
                currentName = name;
                currentSince = System.nanoTime();
                var started = Frames.frame("started");
                started.put("id", key);
                started.put("name", name);
                frames.send(started);
                capture = router.begin(job.limits().outputPerTest());
                Figures.drain();
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            methodSource(id).ifPresent(method -> {
                Result result = open.computeIfAbsent(testId(method), k -> new Result(k, id.getDisplayName()));
                result.status = "skipped";
                result.message = "the test was skipped" + (reason == null || reason.isBlank() ? "" : ": " + reason);
                finish(result);
            });
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult outcome) {
            Optional<MethodSource> method = methodSource(id);
            if (method.isEmpty()) {
                if (id.getSource().orElse(null) instanceof ClassSource cls
                        && outcome.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    var failure = new LinkedHashMap<String, Object>();
                    String name = cls.getClassName();
                    failure.put("class", name.substring(name.lastIndexOf('.') + 1));
                    failure.put("message", describe(outcome));
                    classFailures.add(failure);
                }
                return;
            }
            Result result = open.get(testId(method.get()));
            if (result == null) {
                return;
            }
            if (id.isTest()) {
                router.discard();
                long ms = (System.nanoTime() - currentSince) / 1_000_000;
                // What test_ms limits: one invocation (of a parameterized test), so the longest one.
                result.millis = Math.max(result.millis, ms);
                currentId = null;
                if (capture != null) {
                    String text = Failures.hideFrames(capture.text(), learnerClasses);
                    if (!text.isEmpty()) {
                        result.output.append(result.output.length() > 0 ? "\n" : "").append(text);
                    }
                }
                for (Figure figure : Figures.drain()) {
                    int points = Json.longestList(figure);
                    if (points > MAX_FIGURE_POINTS) {
                        result.notes.add("a figure with " + points + " points was left out: a figure may have at most " + MAX_FIGURE_POINTS);
                    } else if (result.figures.size() < MAX_FIGURES_PER_TEST) {
                        result.figures.add(figure);
                    } else {
                        result.figuresDropped++;
                    }
                }
                if (outcome.getStatus() != TestExecutionResult.Status.SUCCESSFUL && result.status.equals("passed")) {
                    result.status = outcome.getStatus() == TestExecutionResult.Status.ABORTED ? "aborted"
                            : outcome.getThrowable().map(t -> Failures.isCrash(t, learnerClasses)).orElse(false) ? "error" : "failed";
                    String message = describe(outcome);
                    result.message = result.name.equals(id.getDisplayName()) || message.startsWith(id.getDisplayName())
                            ? message : id.getDisplayName() + ": " + message;
                }
                boolean invocation = plan != null && plan.getParent(id).flatMap(this::methodSource).isPresent();
                if (!invocation) {
                    finish(result);
                }
            } else {
                if (outcome.getStatus() != TestExecutionResult.Status.SUCCESSFUL && result.status.equals("passed")) {
                    result.status = "failed";
                    result.message = describe(outcome);
                }
                finish(result);
            }
        }

        /** The test that was running ends with an OutOfMemoryError its code threw. */
        void thrownOutOfMemory(OutOfMemoryError thrown) {
            Result result = currentId == null ? null : open.get(currentId);
            if (result == null) {
                return;
            }
            if (capture != null) {
                String text = Failures.hideFrames(capture.text(), learnerClasses);
                result.output.append(result.output.length() > 0 && !text.isEmpty() ? "\n" : "").append(text);
            }
            result.millis = Math.max(result.millis, (System.nanoTime() - currentSince) / 1_000_000);
            result.status = "error";
            result.message = Failures.describe(thrown, learnerClasses);
            finish(result);
        }

        private void finish(Result result) {
            if (open.remove(result.id) == null) {
                return;
            }
            var frame = Frames.frame("test");
            frame.put("id", result.id);
            frame.put("name", result.name);
            frame.put("status", result.status);
            frame.put("message", truncate(result.message));
            var output = new StringBuilder(result.output);
            if (result.figuresDropped > 0) {
                result.notes.add(result.figuresDropped + " more figures were left out: a test shows at most " + MAX_FIGURES_PER_TEST);
            }
            for (String note : new java.util.LinkedHashSet<>(result.notes)) {
                output.append(output.length() > 0 ? "\n" : "").append("[grader] ").append(note);
            }
            frame.put("output", output.toString());
            frame.put("ms", result.millis);
            frame.put("figures", result.figures);
            frames.send(frame);
        }

        private Optional<MethodSource> methodSource(TestIdentifier id) {
            return id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        }

        private String describe(TestExecutionResult outcome) {
            Throwable thrown = outcome.getThrowable().orElse(null);
            if (outcome.getStatus() == TestExecutionResult.Status.ABORTED) {
                return "the test was aborted" + (thrown == null || thrown.getMessage() == null ? "" : ": " + thrown.getMessage())
                        + "; an aborted test counts as failed";
            }
            return thrown == null ? "the test failed" : Failures.hideFrames(Failures.describe(thrown, learnerClasses), learnerClasses);
        }
    }

    private static String truncate(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + " …";
    }

    /** One test method's result as it builds up. */
    private static final class Result {
        final String id;
        final String name;
        String status = "passed";
        String message;
        long millis;
        final StringBuilder output = new StringBuilder();
        final List<Figure> figures = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int figuresDropped;

        Result(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }
}
