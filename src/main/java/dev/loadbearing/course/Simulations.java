package dev.loadbearing.course;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
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
 * The live simulations of a course: {@code simulations/ID/simulation.yaml} declares a scenario's
 * title, question and parameters, {@code simulations/ID/Scenario.java} implements
 * {@link LiveScenario}. Loading compiles every scenario and runs it at its defaults and at the
 * corners of its parameter ranges; what fails is a {@link LessonProblem} with file and line.
 * Runs are bounded (a step limit per simulation, a time limit per run, two at a time) and
 * answered from a cache when the parameters repeat.
 */
public final class Simulations implements AutoCloseable {
    /** Most events each simulation a run creates may execute. */
    public static final long STEP_LIMIT = 5_000_000L;
    /** Longest a run may take before the reader is told it took too long. */
    public static final long TIME_LIMIT_MS = 3_000;
    private static final int CACHE_ENTRIES = 512;
    /**
     * The classes compiled from each scenario source, and the scenarios whose every corner has
     * passed, in this JVM: a second load of an unchanged scenario (a restart, a dev-mode reload, the
     * many servers a test run starts) neither compiles nor runs its corners again. Keyed by a hash
     * of the declaration and the source; only successes are kept, so problems are found again.
     */
    private static final Map<String, Map<String, byte[]>> COMPILED = new ConcurrentHashMap<>();
    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    private final Map<String, Simulation> byId = new LinkedHashMap<>();
    private final List<LessonProblem> problems = new ArrayList<>();
    private final ExecutorService runner = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "live-simulation");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Result> cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > CACHE_ENTRIES;
        }
    });

    /** One declared parameter. */
    public record Parameter(String name, String label, String type, double min, double max, double step,
            Object defaultValue, List<Option> options) {}

    /** One option of a choice parameter. */
    public record Option(String value, String label) {}

    /** A scenario with its declaration. */
    public record Simulation(String id, String title, String question, List<Parameter> parameters,
            long defaultSeed, @com.fasterxml.jackson.annotation.JsonIgnore LiveScenario scenario) {}

    /** A run's answer: the values used (seed included), the summary and the figures. */
    public record Result(String id, Map<String, Object> parameters, long seed, String summary,
            List<dev.loadbearing.sim.figure.Figure> figures, double runMillis) {}

    /** A parameter a reader sent that the declaration does not allow. */
    public static final class BadParameter extends Exception {
        private final String parameter;

        BadParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        /** @return the parameter's name */
        public String parameter() {
            return parameter;
        }
    }

    /** A run that failed or took too long. */
    public static final class RunFailed extends Exception {
        RunFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Simulations() {
    }

    /**
     * Loads, compiles and checks every simulation of a course.
     *
     * @param course the course
     * @return the simulations that work; {@link #problems()} lists the rest
     */
    public static Simulations load(CourseFiles course) {
        Simulations simulations = new Simulations();
        Path root = course.simulations();
        if (!Files.isDirectory(root)) {
            return simulations;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                simulations.loadOne(course, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return simulations;
    }

    private void loadOne(CourseFiles course, Path dir) {
        String id = dir.getFileName().toString();
        Path yaml = dir.resolve("simulation.yaml");
        Path java = dir.resolve("Scenario.java");
        String yamlName = course.display(yaml);
        String javaName = course.display(java);
        if (!Files.isRegularFile(yaml) || !Files.isRegularFile(java)) {
            problems.add(new LessonProblem(course.display(dir), 1, "a simulation needs simulation.yaml and Scenario.java"));
            return;
        }
        int before = problems.size();
        YamlDocument doc;
        String declaration;
        try {
            declaration = Files.readString(yaml);
            doc = YamlDocument.parse(declaration, 1);
        } catch (YamlDocument.Invalid e) {
            problems.add(new LessonProblem(yamlName, e.line(), e.getMessage()));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode root = doc.root();
        String title = text(root, "title", yamlName, doc, "/title");
        String question = text(root, "question", yamlName, doc, "/question");
        long seed = root.path("seed").asLong(1);
        List<Parameter> parameters = new ArrayList<>();
        JsonNode list = root.path("parameters");
        for (int i = 0; i < list.size(); i++) {
            parameter(list.get(i), yamlName, doc.line("/parameters/" + i)).ifPresent(parameters::add);
        }
        if (problems.size() > before) {
            return;
        }
        LiveScenario scenario;
        String key;
        try {
            String source = Files.readString(java);
            key = fingerprint(declaration + "\u0000" + source);
            scenario = compile(source, key, javaName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (scenario == null) {
            return;
        }
        Simulation simulation = new Simulation(id, title, question, List.copyOf(parameters), seed, scenario);
        for (Map<String, Object> corner : CHECKED.contains(key) ? List.<Map<String, Object>>of() : corners(parameters)) {
            try {
                execute(simulation, corner, seed);
            } catch (RunFailed e) {
                problems.add(new LessonProblem(javaName, lineIn(e.getCause(), "Scenario"),
                        "the scenario fails at " + corner + " seed " + seed + ": " + e.getMessage()));
                return;
            }
        }
        CHECKED.add(key);
        byId.put(id, simulation);
    }

    private static String fingerprint(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(JsonNode root, String field, String file, YamlDocument doc, String pointer) {
        String value = root.path(field).asText("");
        if (value.isBlank()) {
            problems.add(new LessonProblem(file, doc.line(pointer, 1), "simulation.yaml needs a " + field));
        }
        return value;
    }

    private Optional<Parameter> parameter(JsonNode node, String file, int line) {
        String name = node.path("name").asText("");
        String type = node.path("type").asText("");
        if (!name.matches("[a-z][a-zA-Z0-9]*") || name.equals("seed")) {
            problems.add(new LessonProblem(file, line, "a parameter needs a name of letters and digits (not 'seed'), was '" + name + "'"));
            return Optional.empty();
        }
        String label = node.path("label").asText(name);
        JsonNode def = node.path("default");
        switch (type) {
            case "int", "double" -> {
                double min = node.path("min").asDouble(Double.NaN);
                double max = node.path("max").asDouble(Double.NaN);
                double step = node.path("step").asDouble(type.equals("int") ? 1 : (max - min) / 100);
                if (!(min < max) || !def.isNumber() || def.asDouble() < min || def.asDouble() > max
                        || (type.equals("int") && !def.canConvertToInt())) {
                    problems.add(new LessonProblem(file, line, "parameter '" + name + "' needs min < max and a "
                            + type + " default between them"));
                    return Optional.empty();
                }
                Object value = type.equals("int") ? (Object) def.asInt() : (Object) def.asDouble();
                return Optional.of(new Parameter(name, label, type, min, max, step, value, List.of()));
            }
            case "choice" -> {
                List<Option> options = new ArrayList<>();
                node.path("options").forEach(o -> options.add(o.isTextual() ? new Option(o.asText(), o.asText())
                        : new Option(o.path("value").asText(), o.path("label").asText(o.path("value").asText()))));
                if (options.isEmpty() || options.stream().noneMatch(o -> o.value().equals(def.asText()))) {
                    problems.add(new LessonProblem(file, line, "choice '" + name + "' needs options and a default among them"));
                    return Optional.empty();
                }
                return Optional.of(new Parameter(name, label, type, 0, 0, 0, def.asText(), List.copyOf(options)));
            }
            case "boolean" -> {
                return Optional.of(new Parameter(name, label, type, 0, 0, 0, def.asBoolean(false), List.of()));
            }
            default -> {
                problems.add(new LessonProblem(file, line, "parameter '" + name + "' has type '" + type
                        + "'; use int, double, choice or boolean"));
                return Optional.empty();
            }
        }
    }

    /** The defaults, then every parameter at its minimum and at its maximum with the rest at defaults. */
    private static List<Map<String, Object>> corners(List<Parameter> parameters) {
        List<Map<String, Object>> corners = new ArrayList<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        parameters.forEach(p -> defaults.put(p.name(), p.defaultValue()));
        corners.add(defaults);
        for (Parameter p : parameters) {
            List<Object> ends = switch (p.type()) {
                case "int" -> List.of((int) p.min(), (int) p.max());
                case "double" -> List.of(p.min(), p.max());
                case "choice" -> p.options().stream().map(o -> (Object) o.value()).toList();
                default -> List.of(true, false);
            };
            for (Object end : ends) {
                Map<String, Object> corner = new LinkedHashMap<>(defaults);
                corner.put(p.name(), end);
                if (!corner.equals(defaults)) {
                    corners.add(corner);
                }
            }
        }
        return corners;
    }

    private static int lineIn(Throwable error, String className) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().equals(className) || frame.getClassName().startsWith(className + "$")) {
                    return Math.max(1, frame.getLineNumber());
                }
            }
        }
        return 1;
    }

    /**
     * Returns what the loading found wrong, as {@code file:line} problems.
     *
     * @return the problems, empty when every simulation works
     */
    public List<LessonProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * Finds a simulation.
     *
     * @param id its folder name
     * @return the simulation, if it exists and works
     */
    public Optional<Simulation> simulation(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Runs a simulation with the values a reader sent, checked against its declaration; a
     * parameter left out takes its default.
     *
     * @param id the simulation
     * @param sent parameter values as text, by name; {@code seed} among them
     * @return the run, from the cache when these values ran before
     * @throws BadParameter when a value is unknown, of the wrong type or out of range
     * @throws RunFailed when the run throws or takes too long
     */
    public Result run(String id, Map<String, String> sent) throws BadParameter, RunFailed {
        Simulation simulation = byId.get(id);
        Map<String, Object> values = new LinkedHashMap<>();
        long seed = simulation.defaultSeed();
        for (String name : sent.keySet()) {
            if (!name.equals("seed") && simulation.parameters().stream().noneMatch(p -> p.name().equals(name))) {
                throw new BadParameter(name, "unknown parameter '" + name + "'; this simulation takes "
                        + simulation.parameters().stream().map(Parameter::name).toList() + " and seed");
            }
        }
        if (sent.containsKey("seed")) {
            try {
                seed = Long.parseLong(sent.get("seed").trim());
            } catch (NumberFormatException e) {
                throw new BadParameter("seed", "parameter 'seed' must be a whole number, was '" + sent.get("seed") + "'");
            }
        }
        for (Parameter p : simulation.parameters()) {
            String text = sent.get(p.name());
            values.put(p.name(), text == null ? p.defaultValue() : parse(p, text.trim()));
        }
        String key = id + " " + values + " " + seed;
        Result cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Result result = execute(simulation, values, seed);
        cache.put(key, result);
        return result;
    }

    private static Object parse(Parameter p, String text) throws BadParameter {
        switch (p.type()) {
            case "int", "double" -> {
                double value;
                try {
                    value = p.type().equals("int") ? Integer.parseInt(text) : Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new BadParameter(p.name(), "parameter '" + p.name() + "' must be "
                            + (p.type().equals("int") ? "a whole number" : "a number") + ", was '" + text + "'");
                }
                if (!(value >= p.min() && value <= p.max())) {
                    throw new BadParameter(p.name(), "parameter '" + p.name() + "' must be between "
                            + format(p.min()) + " and " + format(p.max()) + ", was " + text);
                }
                return p.type().equals("int") ? (Object) (int) value : (Object) value;
            }
            case "choice" -> {
                if (p.options().stream().noneMatch(o -> o.value().equals(text))) {
                    throw new BadParameter(p.name(), "parameter '" + p.name() + "' must be one of "
                            + p.options().stream().map(Option::value).toList() + ", was '" + text + "'");
                }
                return text;
            }
            default -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new BadParameter(p.name(), "parameter '" + p.name() + "' must be true or false, was '" + text + "'");
                }
                return Boolean.parseBoolean(text);
            }
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private Result execute(Simulation simulation, Map<String, Object> values, long seed) throws RunFailed {
        LiveParameters parameters = new LiveParameters(values, seed);
        long start = System.nanoTime();
        Future<LiveRun> future = runner.submit(() -> Sim.withStepLimit(STEP_LIMIT, () -> simulation.scenario().run(parameters)));
        try {
            LiveRun run = future.get(TIME_LIMIT_MS, TimeUnit.MILLISECONDS);
            if (run == null) {
                throw new RunFailed("the scenario returned null instead of a LiveRun", null);
            }
            return new Result(simulation.id(), Map.copyOf(values), seed, run.summary(), run.figures(),
                    (System.nanoTime() - start) / 1e6);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RunFailed("the run took longer than " + TIME_LIMIT_MS + " ms", e);
        } catch (ExecutionException e) {
            throw new RunFailed(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailed("interrupted", e);
        }
    }

    // ------------------------------------------------------------------------ compiling

    private LiveScenario compile(String source, String key, String displayName) {
        Map<String, byte[]> known = COMPILED.get(key);
        if (known != null) {
            return instantiate(known, displayName);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            problems.add(new LessonProblem(displayName, 1, "simulations need a JDK to compile, not a JRE"));
            return null;
        }
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        var classPath = new ArrayList<File>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(new File(entry));
            }
        }
        try {
            standard.setLocation(StandardLocation.CLASS_PATH, classPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        JavaFileManager memory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("mem:///Scenario.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean ok = javac.getTask(null, memory, diagnostics, List.of("--release", "17", "-proc:none", "-g", "-nowarn"),
                null, List.of(unit)).call();
        if (!ok) {
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    problems.add(new LessonProblem(displayName, (int) Math.max(1, d.getLineNumber()), d.getMessage(Locale.ROOT)));
                }
            }
            return null;
        }
        Map<String, byte[]> compiled = new HashMap<>();
        classes.forEach((name, bytes) -> compiled.put(name, bytes.toByteArray()));
        LiveScenario scenario = instantiate(compiled, displayName);
        if (scenario != null) {
            COMPILED.put(key, Map.copyOf(compiled));
        }
        return scenario;
    }

    /** Defines the classes in a loader of their own (each load gets fresh statics) and makes the scenario. */
    private LiveScenario instantiate(Map<String, byte[]> classes, String displayName) {
        ClassLoader loader = new ClassLoader(Simulations.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        try {
            Object instance = loader.loadClass("Scenario").getDeclaredConstructor().newInstance();
            if (instance instanceof LiveScenario scenario) {
                return scenario;
            }
            problems.add(new LessonProblem(displayName, 1, "class Scenario must implement dev.loadbearing.sim.live.LiveScenario"));
        } catch (ReflectiveOperationException | LinkageError e) {
            problems.add(new LessonProblem(displayName, 1, "class Scenario (in the default package) needs a public no-argument constructor: " + e));
        }
        return null;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
