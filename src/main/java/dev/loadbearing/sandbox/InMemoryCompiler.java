package dev.loadbearing.sandbox;

import java.io.ByteArrayOutputStream;
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

    InMemoryCompiler() {
        javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler: the worker must run on a JDK, not a JRE");
        }
        standard = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        options = List.of("--release", "17", "-proc:none", "-implicit:none", "-g", "-nowarn", "-Xlint:none",
                "-Xmaxerrs", String.valueOf(MAX_DIAGNOSTICS), "-encoding", "UTF-8",
                "-classpath", System.getProperty("java.class.path"));
    }

    /** A compile error or warning, with the file it is in. */
    record Problem(String file, long line, long column, String message, boolean learner) {}

    /** What came out: class bytes by binary name, which file each came from, and errors. */
    record Output(Map<String, byte[]> classes, Map<String, String> origin, List<Problem> errors) {}

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
        return new Output(ok ? classes : Map.of(), origin, errors);
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
