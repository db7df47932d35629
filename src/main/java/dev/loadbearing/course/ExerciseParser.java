package dev.loadbearing.course;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads one exercise folder: {@code exercise.yaml}, {@code starter/}, {@code solution/},
 * {@code tests/visible/}, {@code tests/hidden/} and {@code hints.md}. Every problem names the
 * file and line to fix ({@code exercises/lb-round-robin/exercise.yaml:7: ...}).
 */
public final class ExerciseParser {
    static final List<String> KEYS = List.of("id", "title", "lesson", "difficulty", "summary", "editable", "points",
            "limits", "solution", "model");
    /** The values of {@code model}: the discrete-event simulation, or the race explorer. */
    static final List<String> MODELS = List.of("sim", "race");
    private static final Set<String> REQUIRED = Set.of("id", "title", "lesson", "difficulty", "editable");
    private static final List<String> DIFFICULTIES = List.of("easy", "medium", "hard");
    private static final List<String> LIMIT_KEYS = List.of("test_ms", "total_ms", "memory_mb", "output_kb");
    private static final List<String> SHOW = List.of("after_passing", "after_attempts", "never");
    private static final Pattern JAVA_FILE = Pattern.compile("[A-Z][A-Za-z0-9_]*\\.java");
    private static final Pattern POINTS_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    /** A learner or test file larger than this is refused. */
    public static final int MAX_SOURCE_BYTES = 64 * 1024;
    /** The heap of a grading worker: an exercise's memory limit may not exceed it. */
    public static final int MAX_MEMORY_MB = 192;

    private final YAMLMapper yaml = new YAMLMapper();

    /** The exercise, or the problems that keep it out of the course. */
    public record Result(Exercise exercise, List<LessonProblem> problems) {}

    public Result parse(CourseFiles course, Path dir) {
        String folder = course.display(dir);
        String yamlName = folder + "/exercise.yaml";
        var problems = new ArrayList<LessonProblem>();
        Path yamlFile = dir.resolve("exercise.yaml");
        if (!Files.isRegularFile(yamlFile)) {
            problems.add(new LessonProblem(yamlName, 1, "missing exercise.yaml: every exercise folder needs one (see docs/AUTHORING.md)"));
            return new Result(null, problems);
        }
        String text;
        try {
            text = Files.readString(yamlFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new LessonProblem(yamlName, 1, "cannot read the file: " + e.getMessage()));
            return new Result(null, problems);
        }
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            problems.add(new LessonProblem(yamlName, line, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")));
            return new Result(null, problems);
        }
        if (root == null || !root.isObject()) {
            problems.add(new LessonProblem(yamlName, 1, "exercise.yaml must be 'key: value' lines: " + String.join(", ", KEYS)));
            return new Result(null, problems);
        }
        Map<String, Integer> lines = keyLines(text);
        int lastLine = (int) text.lines().count();
        Checker check = new Checker(yamlName, problems, lines, lastLine);
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                check.add(key, "unknown key '" + key + "'; the keys are " + String.join(", ", KEYS));
            }
        });
        for (String key : KEYS) {
            if (REQUIRED.contains(key) && (!root.has(key) || root.get(key).isNull())) {
                problems.add(new LessonProblem(yamlName, lastLine, "missing '" + key + "'"));
            }
        }
        String dirName = dir.getFileName().toString();
        String id = check.text(root, "id");
        if (id != null && !id.equals(dirName)) {
            check.add("id", "id '" + id + "' does not match the folder name '" + dirName + "'");
        }
        if (id != null && !LessonParser.ID.matcher(id).matches()) {
            check.add("id", "id '" + id + "' must be lowercase letters and digits joined by dashes");
        }
        String title = check.text(root, "title");
        String lesson = check.text(root, "lesson");
        String difficulty = check.text(root, "difficulty");
        if (difficulty != null && !DIFFICULTIES.contains(difficulty)) {
            check.add("difficulty", "difficulty must be one of " + String.join(", ", DIFFICULTIES) + ", not '" + difficulty + "'");
        }
        String summary = root.has("summary") ? check.text(root, "summary") : "";
        List<String> editable = new ArrayList<>();
        JsonNode editableNode = root.get("editable");
        if (editableNode != null && !editableNode.isNull()) {
            if (!editableNode.isArray() || editableNode.isEmpty()) {
                check.add("editable", "editable must be a list of the files the learner edits, like [RoundRobin.java]");
            } else {
                for (JsonNode file : editableNode) {
                    if (!file.isTextual() || !JAVA_FILE.matcher(file.asText()).matches()) {
                        check.add("editable", "'" + file.asText() + "' is not a Java file name like RoundRobin.java");
                    } else {
                        editable.add(file.asText());
                    }
                }
            }
        }
        Exercise.Limits limits = limits(root.get("limits"), check);
        Exercise.SolutionPolicy solution = solution(root.get("solution"), check);
        String model = root.has("model") ? check.text(root, "model") : "sim";
        if (model != null && !MODELS.contains(model)) {
            check.add("model", "model must be one of " + String.join(", ", MODELS) + ", not '" + model + "'");
        }

        Map<String, String> starter = sources(course, dir.resolve("starter"), problems, true);
        Map<String, String> reference = sources(course, dir.resolve("solution"), problems, true);
        Map<String, String> visible = sources(course, dir.resolve("tests/visible"), problems, true);
        Map<String, String> hidden = sources(course, dir.resolve("tests/hidden"), problems, true);
        for (String file : editable) {
            if (!starter.containsKey(file)) {
                check.add("editable", file + " is editable but " + folder + "/starter/" + file + " does not exist");
            }
            if (!reference.containsKey(file)) {
                check.add("editable", file + " is editable but " + folder + "/solution/" + file + " does not exist");
            }
        }
        for (var file : starter.entrySet()) {
            if (!editable.contains(file.getKey()) && !file.getValue().equals(reference.get(file.getKey()))) {
                problems.add(new LessonProblem(folder + "/starter/" + file.getKey(), 1, "this file is not editable, so solution/ must hold the same file unchanged"));
            }
        }
        for (String file : reference.keySet()) {
            if (!starter.containsKey(file)) {
                problems.add(new LessonProblem(folder + "/solution/" + file, 1, "the learner cannot create " + file + ": add it to starter/ (and to editable if they should change it)"));
            }
        }
        for (String file : visible.keySet()) {
            if (hidden.containsKey(file) || starter.containsKey(file)) {
                problems.add(new LessonProblem(folder + "/tests/visible/" + file, 1, file + " also exists in " + (hidden.containsKey(file) ? "tests/hidden" : "starter") + "; file names must be unique"));
            }
        }
        for (String file : hidden.keySet()) {
            if (starter.containsKey(file)) {
                problems.add(new LessonProblem(folder + "/tests/hidden/" + file, 1, file + " also exists in starter; file names must be unique"));
            }
        }
        List<Exercise.TestCase> visibleCases = TestScanner.cases(folder + "/tests/visible", visible, false);
        List<Exercise.TestCase> hiddenCases = TestScanner.cases(folder + "/tests/hidden", hidden, true);
        if (visibleCases.isEmpty()) {
            problems.add(new LessonProblem(folder + "/tests/visible", 1, "no visible tests: add a test class with @Test methods, which Run executes"));
        }
        if (hiddenCases.isEmpty()) {
            problems.add(new LessonProblem(folder + "/tests/hidden", 1, "no hidden tests: add a test class with @Test methods that only Submit runs, so a hard-coded answer cannot pass"));
        }
        Exercise.Points points = points(root.get("points"), check, visibleCases, hiddenCases);
        List<Exercise.Hint> hints = hints(course, dir.resolve("hints.md"), problems);
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> a.file().equals(b.file()) ? Integer.compare(a.line(), b.line()) : a.file().compareTo(b.file()));
            return new Result(null, problems);
        }
        String version = version(dir);
        return new Result(new Exercise(id, title, lesson, difficulty, summary, List.copyOf(editable), points, limits, solution,
                starter, reference, visible, hidden, visibleCases, hiddenCases, hints, folder, version, model), List.of());
    }

    private static Exercise.Limits limits(JsonNode node, Checker check) {
        int test = 1000;
        int total = 10_000;
        int memory = 64;
        int output = 8;
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                check.add("limits", "limits must hold keys " + String.join(", ", LIMIT_KEYS));
                return new Exercise.Limits(test, total, memory, output);
            }
            node.fieldNames().forEachRemaining(key -> {
                if (!LIMIT_KEYS.contains(key)) {
                    check.add("limits." + key, "unknown limit '" + key + "'; the limits are " + String.join(", ", LIMIT_KEYS));
                }
            });
            test = check.integer(node, "limits", "test_ms", 100, 10_000, test);
            total = check.integer(node, "limits", "total_ms", 500, 30_000, total);
            memory = check.integer(node, "limits", "memory_mb", 16, MAX_MEMORY_MB, memory);
            output = check.integer(node, "limits", "output_kb", 1, 64, output);
            if (total < test) {
                check.add("limits.total_ms", "total_ms (" + total + ") must be at least test_ms (" + test + ")");
            }
        }
        return new Exercise.Limits(test, total, memory, output);
    }

    private static Exercise.SolutionPolicy solution(JsonNode node, Checker check) {
        if (node == null || node.isNull()) {
            return new Exercise.SolutionPolicy("after_passing", 0);
        }
        if (!node.isObject() || !node.path("show").isTextual()) {
            check.add("solution", "solution needs 'show: " + String.join(" | ", SHOW) + "'");
            return new Exercise.SolutionPolicy("after_passing", 0);
        }
        String show = node.path("show").asText();
        if (!SHOW.contains(show)) {
            check.add("solution.show", "show must be one of " + String.join(", ", SHOW) + ", not '" + show + "'");
        }
        int attempts = 0;
        if (show.equals("after_attempts")) {
            attempts = check.integer(node, "solution", "attempts", 1, 100, 0);
            if (!node.has("attempts")) {
                check.add("solution.show", "after_attempts needs 'attempts: N' (how many submissions before the solution shows)");
            }
        }
        return new Exercise.SolutionPolicy(show, attempts);
    }

    private static Exercise.Points points(JsonNode node, Checker check, List<Exercise.TestCase> visible, List<Exercise.TestCase> hidden) {
        int defaultPoints = 1;
        var overrides = new TreeMap<String, Integer>();
        if (node == null || node.isNull()) {
            return new Exercise.Points(defaultPoints, Map.of());
        }
        if (node.isIntegralNumber()) {
            return new Exercise.Points(check.integer(node.asInt(), "points", 0, 100, 1), Map.of());
        }
        if (!node.isObject()) {
            check.add("points", "points must be a number, or 'default: N' plus one line per test class or Class.method");
            return new Exercise.Points(defaultPoints, Map.of());
        }
        var known = new java.util.HashSet<String>();
        Stream.concat(visible.stream(), hidden.stream()).forEach(t -> {
            known.add(t.id());
            known.add(t.testClass());
        });
        var it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            String key = e.getKey();
            if (key.equals("default")) {
                defaultPoints = check.integer(node, "points", "default", 0, 100, 1);
                continue;
            }
            if (!POINTS_KEY.matcher(key).matches() || !known.contains(key)) {
                check.add("points." + key, "'" + key + "' is not a test class or Class.method of this exercise's tests");
                continue;
            }
            overrides.put(key, check.integer(node, "points", key, 0, 100, 1));
        }
        return new Exercise.Points(defaultPoints, Map.copyOf(overrides));
    }

    /** Reads the .java files of a folder by name; a missing folder is empty. */
    private static Map<String, String> sources(CourseFiles course, Path dir, List<LessonProblem> problems, boolean javaOnly) {
        var files = new TreeMap<String, String>();
        if (!Files.isDirectory(dir)) {
            problems.add(new LessonProblem(course.display(dir), 1, "missing folder " + dir.getFileName() + "/"));
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!Files.isRegularFile(file) || name.startsWith(".")) {
                    continue;
                }
                if (javaOnly && !JAVA_FILE.matcher(name).matches()) {
                    problems.add(new LessonProblem(course.display(file), 1, "only Java files (Name.java, one public class each) belong here"));
                    continue;
                }
                if (Files.size(file) > MAX_SOURCE_BYTES) {
                    problems.add(new LessonProblem(course.display(file), 1, "the file is larger than " + MAX_SOURCE_BYTES / 1024 + " KiB"));
                    continue;
                }
                files.put(name, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            problems.add(new LessonProblem(course.display(dir), 1, "cannot read the folder: " + e.getMessage()));
        }
        return files;
    }

    private static List<Exercise.Hint> hints(CourseFiles course, Path file, List<LessonProblem> problems) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        var hints = new ArrayList<Exercise.Hint>();
        try {
            String title = null;
            var body = new StringBuilder();
            int lineNumber = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNumber++;
                if (line.startsWith("## ")) {
                    if (title != null) {
                        hints.add(new Exercise.Hint(title, body.toString().strip()));
                    }
                    title = line.substring(3).strip();
                    body.setLength(0);
                } else if (title == null && !line.isBlank()) {
                    problems.add(new LessonProblem(course.display(file), lineNumber, "hints start with a '## ' heading; each heading begins the next hint"));
                    return List.of();
                } else {
                    body.append(line).append('\n');
                }
            }
            if (title != null) {
                hints.add(new Exercise.Hint(title, body.toString().strip()));
            }
        } catch (IOException e) {
            problems.add(new LessonProblem(course.display(file), 1, "cannot read the file: " + e.getMessage()));
        }
        return List.copyOf(hints);
    }

    /** A hash of every file in the folder, names included. */
    private static String version(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + dir, e);
        }
    }

    /** The line of every key, nested ones as {@code limits.test_ms}. */
    private Map<String, Integer> keyLines(String text) {
        var lines = new HashMap<String, Integer>();
        try (JsonParser parser = yaml.getFactory().createParser(text)) {
            var path = new ArrayList<String>();
            String field = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case FIELD_NAME -> {
                        field = parser.currentName();
                        var names = new ArrayList<>(path.subList(Math.min(1, path.size()), path.size()));
                        names.add(field);
                        lines.putIfAbsent(String.join(".", names), parser.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        path.add(field == null ? "#" : field);
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        path.remove(path.size() - 1);
                        field = null;
                    }
                    default -> field = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            // already reported by readTree
        }
        return lines;
    }

    /** Adds problems at the line of a key. */
    private record Checker(String file, List<LessonProblem> problems, Map<String, Integer> lines, int lastLine) {
        void add(String key, String message) {
            Integer line = lines.get(key);
            if (line == null && key.contains(".")) {
                line = lines.get(key.substring(0, key.lastIndexOf('.')));
            }
            problems.add(new LessonProblem(file, line == null ? lastLine : line, message));
        }

        String text(JsonNode root, String key) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isValueNode() || node.isBoolean() || node.asText().isBlank()) {
                add(key, key + " must be a non-empty line of text");
                return null;
            }
            return node.asText().strip();
        }

        int integer(JsonNode parent, String section, String key, int min, int max, int fallback) {
            JsonNode node = parent.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
                add(section + "." + key, section + "." + key + " must be a whole number from " + min + " to " + max + ", not '" + node.asText() + "'");
                return fallback;
            }
            return node.asInt();
        }

        int integer(int value, String key, int min, int max, int fallback) {
            if (value < min || value > max) {
                add(key, key + " must be a whole number from " + min + " to " + max);
                return fallback;
            }
            return value;
        }
    }

    /** Finds test methods in test sources, with the line of each. */
    static final class TestScanner {
        private static final Pattern ANNOTATION = Pattern.compile("@(?:org\\.junit\\.jupiter\\.(?:api|params)\\.)?(Test|ParameterizedTest|RepeatedTest)\\b");
        private static final Pattern METHOD = Pattern.compile("\\bvoid\\s+([A-Za-z_$][A-Za-z0-9_$]*)\\s*\\(");

        private TestScanner() {
        }

        static List<Exercise.TestCase> cases(String folder, Map<String, String> sources, boolean hidden) {
            var cases = new ArrayList<Exercise.TestCase>();
            for (var source : sources.entrySet()) {
                String cls = source.getKey().substring(0, source.getKey().length() - ".java".length());
                String code = blankCommentsAndStrings(source.getValue());
                Matcher annotation = ANNOTATION.matcher(code);
                int from = 0;
                while (annotation.find(from)) {
                    Matcher method = METHOD.matcher(code);
                    if (!method.find(annotation.end())) {
                        break;
                    }
                    int line = 1 + (int) code.substring(0, annotation.start()).chars().filter(c -> c == '\n').count();
                    cases.add(new Exercise.TestCase(cls + "." + method.group(1), folder + "/" + source.getKey(), line, hidden));
                    from = method.end();
                }
            }
            return List.copyOf(cases);
        }

        /** Replaces comments and string contents with spaces (keeping newlines), so only code matches. */
        static String blankCommentsAndStrings(String code) {
            var out = new StringBuilder(code.length());
            int i = 0;
            while (i < code.length()) {
                char c = code.charAt(i);
                if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                    while (i < code.length() && code.charAt(i) != '\n') {
                        out.append(' ');
                        i++;
                    }
                } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '*') {
                    while (i < code.length() && !(code.charAt(i) == '*' && i + 1 < code.length() && code.charAt(i + 1) == '/')) {
                        out.append(code.charAt(i) == '\n' ? '\n' : ' ');
                        i++;
                    }
                    out.append("  ");
                    i += 2;
                } else if (c == '"' || c == '\'') {
                    boolean block = c == '"' && code.startsWith("\"\"\"", i);
                    String end = block ? "\"\"\"" : String.valueOf(c);
                    out.append(end);
                    i += end.length();
                    while (i < code.length() && !code.startsWith(end, i)) {
                        if (code.charAt(i) == '\\') {
                            out.append(' ');
                            i++;
                        }
                        if (i < code.length()) {
                            out.append(code.charAt(i) == '\n' ? '\n' : ' ');
                            i++;
                        }
                    }
                    out.append(end);
                    i += end.length();
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }
    }

}
