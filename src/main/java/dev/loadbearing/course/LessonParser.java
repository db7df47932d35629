package dev.loadbearing.course;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a lesson file ({@code lessons/NN-slug.md}): YAML front matter between two {@code ---} lines,
 * then markdown. Every problem is reported with the file and the line to fix.
 */
public final class LessonParser {
    /** {@code 08-load-balancing.md}: a two-digit position, then the lesson's id. */
    public static final Pattern FILE_NAME = Pattern.compile("(\\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md");
    static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    static final int MAX_TITLE = 120;
    static final int MAX_SUMMARY = 350;
    static final int MAX_PART = 60;
    private static final List<String> KEYS =
            List.of("id", "title", "summary", "order", "estimated_minutes", "prerequisites", "part");
    private static final Set<String> REQUIRED = Set.of("id", "title", "summary", "order", "estimated_minutes");

    private final MarkdownRenderer renderer;

    public LessonParser(MarkdownRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * Parses and renders one lesson.
     *
     * @param file the path relative to the course folder, used in problems ({@code lessons/08-x.md})
     * @param text the file's content
     */
    public Lesson parse(String file, String text) throws LessonException {
        var problems = new Problems(file);
        String name = file.substring(file.lastIndexOf('/') + 1);
        Matcher fileName = FILE_NAME.matcher(name);
        if (!fileName.matches()) {
            problems.add(1, "the file name must look like NN-slug.md (two digits, a dash, lowercase words joined by dashes), not '" + name + "'");
            throw problems.failure();
        }
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !stripBom(lines.get(0)).strip().equals("---")) {
            problems.add(1, "missing front matter: the file must start with a line '---', then id, title, summary, order and estimated_minutes, then a closing '---'");
            throw problems.failure();
        }
        int close = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("---")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            problems.add(1, "the front matter is never closed: add a line '---' after its last key");
            throw problems.failure();
        }
        String frontMatter = String.join("\n", lines.subList(1, close));
        FrontMatter meta = readFrontMatter(frontMatter, problems, close + 1);
        if (meta != null) {
            int number = Integer.parseInt(fileName.group(1));
            String slug = fileName.group(2);
            if (meta.id() != null && !meta.id().equals(slug)) {
                problems.add(meta.line("id"), "id '" + meta.id() + "' does not match the file name: " + name + " needs id '" + slug + "' (or rename the file)");
            }
            if (meta.order() != null && meta.order() != number) {
                problems.add(meta.line("order"), "order " + meta.order() + " does not match the file's number " + fileName.group(1));
            }
        }
        problems.throwIfAny();
        String body = String.join("\n", lines.subList(close + 1, lines.size()));
        return new Lesson(meta.id(), meta.title(), meta.summary(), meta.order(), meta.estimatedMinutes(),
                meta.prerequisites(), meta.part(), file, renderer.render(body, close + 2));
    }

    private FrontMatter readFrontMatter(String text, Problems problems, int closingLine) {
        YamlDocument document;
        try {
            document = YamlDocument.parse(text, 2);
        } catch (YamlDocument.Invalid e) {
            problems.add(e.line(), "the front matter is " + e.getMessage());
            return null;
        }
        JsonNode root = document.root();
        if (!root.isObject()) {
            problems.add(2, "the front matter must be 'key: value' lines (id, title, summary, order, estimated_minutes, prerequisites)");
            return null;
        }
        var meta = new FrontMatter(document, closingLine);
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                problems.add(meta.line(key), "unknown key '" + key + "'" + suggestion(key) + "; the keys are " + String.join(", ", KEYS));
            }
        });
        for (String key : KEYS) {
            if (REQUIRED.contains(key) && (!root.has(key) || root.get(key).isNull())) {
                problems.add(closingLine, "missing '" + key + "' in the front matter");
            }
        }
        meta.id = text(root, "id", meta, problems);
        if (meta.id != null && !ID.matcher(meta.id).matches()) {
            problems.add(meta.line("id"), "id '" + meta.id + "' must be lowercase letters and digits joined by dashes");
        }
        meta.title = text(root, "title", meta, problems);
        if (meta.title != null && meta.title.length() > MAX_TITLE) {
            problems.add(meta.line("title"), "title is " + meta.title.length() + " characters long; keep it under " + MAX_TITLE);
        }
        meta.summary = text(root, "summary", meta, problems);
        if (meta.summary != null && meta.summary.length() > MAX_SUMMARY) {
            problems.add(meta.line("summary"), "summary is " + meta.summary.length() + " characters long; keep it under " + MAX_SUMMARY);
        }
        meta.part = text(root, "part", meta, problems);
        if (meta.part != null && meta.part.length() > MAX_PART) {
            problems.add(meta.line("part"), "part is " + meta.part.length() + " characters long; keep it under " + MAX_PART);
        }
        meta.order = integer(root, "order", 1, 99, meta, problems);
        meta.estimatedMinutes = integer(root, "estimated_minutes", 1, 600, meta, problems);
        meta.prerequisites = new ArrayList<>();
        JsonNode prerequisites = root.get("prerequisites");
        if (prerequisites != null && !prerequisites.isNull()) {
            if (!prerequisites.isArray()) {
                problems.add(meta.line("prerequisites"), "prerequisites must be a list of lesson ids, like [single-server, caching]");
            } else {
                for (JsonNode p : prerequisites) {
                    if (!p.isTextual() || !ID.matcher(p.asText()).matches()) {
                        problems.add(meta.line("prerequisites"), "prerequisite '" + p.asText() + "' is not a lesson id");
                    } else {
                        meta.prerequisites.add(p.asText());
                    }
                }
            }
        }
        return meta;
    }

    private static String text(JsonNode root, String key, FrontMatter meta, Problems problems) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode() || node.isBoolean() || node.asText().isBlank()) {
            problems.add(meta.line(key), key + " must be a non-empty line of text");
            return null;
        }
        return node.asText().strip();
    }

    private static Integer integer(JsonNode root, String key, int min, int max, FrontMatter meta, Problems problems) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            problems.add(meta.line(key), key + " must be a whole number from " + min + " to " + max + ", not '" + node.asText() + "'");
            return null;
        }
        return node.asInt();
    }

    private static String suggestion(String key) {
        return KEYS.stream()
                .filter(known -> distance(known, key) <= 3)
                .findFirst()
                .map(known -> " (did you mean '" + known + "'?)")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** Front matter fields as read, with where each key stands. */
    private static final class FrontMatter {
        private final YamlDocument document;
        private final int fallbackLine;
        String id;
        String title;
        String summary;
        Integer order;
        Integer estimatedMinutes;
        List<String> prerequisites = List.of();
        String part;

        FrontMatter(YamlDocument document, int fallbackLine) {
            this.document = document;
            this.fallbackLine = fallbackLine;
        }

        int line(String key) {
            return document.line("/" + key, fallbackLine);
        }

        String id() { return id; }
        String title() { return title; }
        String summary() { return summary; }
        Integer order() { return order; }
        Integer estimatedMinutes() { return estimatedMinutes; }
        List<String> prerequisites() { return List.copyOf(prerequisites); }
        String part() { return part == null ? "" : part; }
    }

    /** Collects problems of one file. */
    private static final class Problems {
        private final String file;
        private final List<LessonProblem> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(int line, String message) {
            list.add(new LessonProblem(file, line, message));
        }

        LessonException failure() {
            list.sort((a, b) -> Integer.compare(a.line(), b.line()));
            return new LessonException(list);
        }

        void throwIfAny() throws LessonException {
            if (!list.isEmpty()) {
                throw failure();
            }
        }
    }
}
