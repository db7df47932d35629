package dev.loadbearing.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles learner and test sources together, in memory: nothing touches the disk, annotation
 * processors are off ({@code -proc:none}) and the target is Java 17. Reuses one file manager
 * (javac's caches of the class path) across jobs.
 */
final class InMemoryCompiler {
    /** Diagnostics kept per compilation; more are counted, not listed. */
    static final int MAX_DIAGNOSTICS = 20;

    private final JavaCompiler javac;
    private final StandardJavaFileManager standard;
    private final List<String> options;
    private final TestClassCache testCache = new TestClassCache();

    InMemoryCompiler() {
        javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler: the worker must run on a JDK, not a JRE");
        }
        standard = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        // The class path is set once on the shared file manager (not as an option of every task,
        // which makes javac open and index every jar again for each compilation).
        var classPath = new ArrayList<File>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(new File(entry));
            }
        }
        try {
            standard.setLocation(StandardLocation.CLASS_PATH, classPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker's class path", e);
        }
        // On a Java 17 runtime its own class library is the Java 17 API: compiling against it skips
        // --release's per-compilation file manager (it opens and indexes ct.sym every time). On
        // any other runtime, --release 17 keeps learners to the Java 17 API.
        List<String> release = Runtime.version().feature() == 17 ? List.of("-source", "17", "-target", "17") : List.of("--release", "17");
        options = new ArrayList<>(release);
        options.addAll(List.of("-proc:none", "-implicit:none", "-g", "-nowarn", "-Xlint:none",
                "-Xmaxerrs", String.valueOf(MAX_DIAGNOSTICS), "-encoding", "UTF-8"));
    }

    /** A compile error or warning, with the file it is in. */
    record Problem(String file, long line, long column, String message, boolean learner) {}

    /**
     * What came out: class bytes by binary name, which file each came from, errors, and whether
     * the test classes came from the cache.
     */
    record Output(Map<String, byte[]> classes, Map<String, String> origin, List<Problem> errors, boolean cachedTests) {}

    /**
     * Compiles a job's learner files, reusing the test classes this worker compiled for an earlier
     * job of the same tests whose learner classes had the same interface ({@link TestClassCache});
     * otherwise compiles learner and test files together and keeps the test classes for next time.
     * Either way the result is what {@link #compile} gives: a learner file that does not compile
     * alone is compiled with the tests again, so its errors read exactly as before.
     */
    Output compileJob(Map<String, String> learner, Map<String, String> tests) {
        if (tests.isEmpty()) {
            return compile(learner, tests);
        }
        Output alone = compile(learner, Map.of());
        if (alone.errors().isEmpty()) {
            String key = TestClassCache.key(tests, alone.classes());
            TestClassCache.Entry cached = testCache.get(key);
            if (cached != null && TestClassCache.links(cached.classes(), alone.classes())) {
                var classes = new HashMap<>(alone.classes());
                var origin = new HashMap<>(alone.origin());
                cached.classes().forEach((name, bytes) -> {
                    if (classes.putIfAbsent(name, bytes) == null) {
                        origin.put(name, cached.origin().get(name));
                    }
                });
                if (classes.size() == alone.classes().size() + cached.classes().size()) {
                    testCache.count(true);
                    return new Output(classes, origin, List.of(), true);
                }
            }
            testCache.count(false);
            Output full = compile(learner, tests);
            if (full.errors().isEmpty()) {
                var testClasses = new HashMap<String, byte[]>();
                var testOrigin = new HashMap<String, String>();
                full.classes().forEach((name, bytes) -> {
                    String from = full.origin().get(name);
                    if (tests.containsKey(from)) {
                        testClasses.put(name, bytes);
                        testOrigin.put(name, from);
                    }
                });
                if (!testClasses.isEmpty()) {
                    testCache.put(key, new TestClassCache.Entry(testClasses, testOrigin));
                }
            }
            return full;
        }
        return compile(learner, tests);
    }

    TestClassCache testCache() {
        return testCache;
    }

    Output compile(Map<String, String> learner, Map<String, String> tests) {
        var units = new ArrayList<Source>();
        learner.forEach((name, text) -> units.add(new Source(name, text, true)));
        tests.forEach((name, text) -> units.add(new Source(name, text, false)));
        var classes = new HashMap<String, byte[]>();
        var origin = new HashMap<String, String>();
        var manager = new ForwardingJavaFileManager<JavaFileManager>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                String from = sibling instanceof Source s ? s.name : "?";
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                classes.put(className, toByteArray());
                                origin.put(className, from);
                            }
                        };
                    }
                };
            }
        };
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        boolean ok = javac.getTask(null, manager, diagnostics, options, null, units).call();
        var errors = new ArrayList<Problem>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            Source source = d.getSource() instanceof Source s ? s : null;
            errors.add(new Problem(source == null ? "" : source.name, d.getLineNumber(), d.getColumnNumber(),
                    d.getMessage(Locale.ROOT), source != null && source.learner));
        }
        if (!ok && errors.isEmpty()) {
            errors.add(new Problem("", 0, 0, "the compiler failed without saying why", true));
        }
        return new Output(ok ? classes : Map.of(), origin, errors, false);
    }

    /** A source file held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        final String name;
        final String text;
        final boolean learner;

        Source(String name, String text, boolean learner) {
            super(URI.create("string:///" + name), Kind.SOURCE);
            this.name = name;
            this.text = text;
            this.learner = learner;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
