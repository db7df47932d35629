package dev.loadbearing.course;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The course's lessons, parsed and rendered once and kept until their files change. A broken
 * lesson never takes the others down: it is left out of the course, its problems are logged as
 * {@code lessons/07-x.md:3: message} and kept for the author to see.
 */
public final class Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
    /** Lesson files larger than this are refused rather than rendered. */
    static final long MAX_LESSON_BYTES = 1 << 20;

    private final CourseFiles files;
    private final LessonParser parser;
    private final QuizParser quizParser;
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    public Catalog(CourseFiles files, MarkdownRenderer renderer) {
        this.files = files;
        this.parser = new LessonParser(renderer);
        this.quizParser = new QuizParser(renderer);
        reload();
    }

    /** Valid lessons in course order. */
    public List<Lesson> lessons() {
        return snapshot.lessons();
    }

    public Optional<Lesson> lesson(String id) {
        return Optional.ofNullable(snapshot.byId().get(id));
    }

    public Optional<Quiz> quiz(String id) {
        return Optional.ofNullable(snapshot.quizzes().get(id));
    }

    /** The quizzes a lesson embeds, by id (a missing one is simply absent). */
    public Map<String, Quiz> quizzesOf(Lesson lesson) {
        var quizzes = new HashMap<String, Quiz>();
        for (RenderedMarkdown.Embed embed : lesson.body().embeds()) {
            if (embed.kind().equals("quiz")) {
                quiz(embed.id()).ifPresent(q -> quizzes.put(q.id(), q));
            }
        }
        return quizzes;
    }

    /**
     * What a learner can finish in a lesson, as the page's progress keys: {@code quiz:ID/QUESTION}
     * for each question of its quizzes and {@code exercise:ID} for each exercise.
     */
    public List<String> progressItems(Lesson lesson) {
        var items = new ArrayList<String>();
        for (RenderedMarkdown.Embed embed : lesson.body().embeds()) {
            if (embed.kind().equals("quiz")) {
                quiz(embed.id()).ifPresent(q -> q.questions().forEach(question -> items.add("quiz:" + q.id() + "/" + question.id())));
            } else if (embed.kind().equals("exercise")) {
                items.add("exercise:" + embed.id());
            } // a live simulation is there to play with, not to finish
        }
        return items;
    }

    /** Every problem found in the course, file by file. */
    public List<LessonProblem> problems() {
        return snapshot.files().values().stream().flatMap(f -> f.problems().stream()).toList();
    }

    /** Problems of the lesson whose file name carries this id, for showing the author in dev mode. */
    public List<LessonProblem> problemsOf(String id) {
        return snapshot.files().values().stream()
                .filter(f -> id.equals(f.slug()))
                .flatMap(f -> f.problems().stream())
                .toList();
    }

    /** The lesson before and after this one in course order. */
    public Neighbours neighbours(Lesson lesson) {
        List<Lesson> all = lessons();
        int at = all.indexOf(lesson);
        return new Neighbours(at > 0 ? all.get(at - 1) : null, at >= 0 && at + 1 < all.size() ? all.get(at + 1) : null);
    }

    public CourseFiles files() {
        return files;
    }

    /** The lessons before and after one; either may be null. */
    public record Neighbours(Lesson previous, Lesson next) {}

    /**
     * Re-reads the lessons whose files changed since the last look (new, edited or removed) and
     * rebuilds the course. Cheap when nothing changed: one directory listing and a stat per file.
     *
     * @return whether anything changed
     */
    public synchronized boolean reload() {
        Snapshot before = snapshot;
        var current = new LinkedHashMap<Path, FileEntry>();
        for (Path path : courseFiles()) {
            Stamp stamp = Stamp.of(path);
            FileEntry known = before.read().get(path);
            current.put(path, known != null && known.stamp().equals(stamp) ? known : read(path, stamp));
        }
        if (current.keySet().equals(before.read().keySet())
                && current.entrySet().stream().allMatch(e -> e.getValue() == before.read().get(e.getKey()))) {
            return false;
        }
        Snapshot next = link(current);
        for (LessonProblem problem : next.allProblems()) {
            if (!before.allProblems().contains(problem)) {
                LOG.warn("{}", problem);
            }
        }
        snapshot = next;
        return true;
    }

    /** Lesson files ({@code lessons/*.md}), then quiz files ({@code lessons/quizzes/*.yaml}). */
    private List<Path> courseFiles() {
        var all = new ArrayList<>(list(files.lessons(), ".md"));
        all.addAll(list(files.quizzes(), ".yaml"));
        return all;
    }

    private static List<Path> list(Path dir, String extension) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(extension))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            LOG.error("cannot list {}: {}", dir, e.toString());
            return List.of();
        }
    }

    private FileEntry read(Path path, Stamp stamp) {
        String name = files.display(path);
        Matcher fileName = LessonParser.FILE_NAME.matcher(path.getFileName().toString());
        String slug = fileName.matches() ? fileName.group(2) : null;
        try {
            if (stamp.size() > MAX_LESSON_BYTES) {
                return FileEntry.broken(stamp, slug, new LessonProblem(name, 1,
                        "the file is " + stamp.size() / 1024 + " KiB; course files must stay under " + MAX_LESSON_BYTES / 1024 + " KiB"));
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
            if (name.endsWith(".yaml")) {
                return new FileEntry(stamp, null, null, quizParser.parse(name, text), List.of());
            }
            return new FileEntry(stamp, slug, parser.parse(name, text), null, List.of());
        } catch (LessonException e) {
            return new FileEntry(stamp, slug, null, null, e.problems());
        } catch (CharacterCodingException e) {
            return FileEntry.broken(stamp, slug, new LessonProblem(name, 1, "the file is not UTF-8 text"));
        } catch (IOException e) {
            return FileEntry.broken(stamp, slug, new LessonProblem(name, 1, "cannot read the file: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("rendering {} failed", name, e);
            return FileEntry.broken(stamp, slug, new LessonProblem(name, 1, "the file could not be rendered: " + e));
        }
    }

    /** Checks what spans files (unique ids and orders, known prerequisites, no cycles) and orders the course. */
    private static Snapshot link(Map<Path, FileEntry> entries) {
        var linked = new LinkedHashMap<Path, FileEntry>();
        var byId = new HashMap<String, Lesson>();
        var byOrder = new HashMap<Integer, Lesson>();
        for (var e : entries.entrySet()) {
            Lesson lesson = e.getValue().lesson();
            if (lesson == null) {
                linked.put(e.getKey(), e.getValue());
                continue;
            }
            var crossProblems = new ArrayList<LessonProblem>();
            Lesson sameId = byId.get(lesson.id());
            Lesson sameOrder = byOrder.get(lesson.order());
            if (sameId != null) {
                crossProblems.add(new LessonProblem(lesson.file(), 2, "id '" + lesson.id() + "' is already used by " + sameId.file()));
            }
            if (sameOrder != null) {
                crossProblems.add(new LessonProblem(lesson.file(), 2, "order " + lesson.order() + " is already used by " + sameOrder.file()));
            }
            if (crossProblems.isEmpty()) {
                byId.put(lesson.id(), lesson);
                byOrder.put(lesson.order(), lesson);
            }
            linked.put(e.getKey(), crossProblems.isEmpty() ? e.getValue() : e.getValue().withProblems(crossProblems));
        }
        // Unknown prerequisites and cycles: drop offenders until the rest is consistent.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var e : linked.entrySet()) {
                Lesson lesson = e.getValue().lesson();
                if (lesson == null || e.getValue().hasProblems()) {
                    continue;
                }
                String problem = prerequisiteProblem(lesson, byId);
                if (problem != null) {
                    byId.remove(lesson.id());
                    e.setValue(e.getValue().withProblems(List.of(new LessonProblem(lesson.file(), 2, problem))));
                    changed = true;
                }
            }
        }
        List<Lesson> ordered = linked.values().stream()
                .filter(f -> f.lesson() != null && !f.hasProblems())
                .map(FileEntry::lesson)
                .sorted(Comparator.comparingInt(Lesson::order))
                .toList();
        var index = new HashMap<String, Lesson>();
        ordered.forEach(l -> index.put(l.id(), l));
        var quizzes = new HashMap<String, Quiz>();
        linked.values().stream().map(FileEntry::quiz).filter(java.util.Objects::nonNull).forEach(q -> quizzes.put(q.id(), q));
        // A missing quiz does not take its lesson down: the lesson is served with a notice in its
        // place, and the problem is reported (validate fails on it).
        for (var e : linked.entrySet()) {
            Lesson lesson = e.getValue().lesson();
            if (lesson == null || !index.containsKey(lesson.id())) {
                continue;
            }
            var missing = new ArrayList<LessonProblem>();
            for (RenderedMarkdown.Embed embed : lesson.body().embeds()) {
                if (embed.kind().equals("quiz") && !quizzes.containsKey(embed.id())) {
                    missing.add(new LessonProblem(lesson.file(), embed.line(), embed.id().isEmpty()
                            ? "a quiz block needs the quiz's id: ```quiz ID"
                            : "the lesson embeds quiz '" + embed.id() + "', but there is no lessons/quizzes/" + embed.id() + ".yaml"));
                }
            }
            if (!missing.isEmpty()) {
                e.setValue(e.getValue().withProblems(missing));
            }
        }
        return new Snapshot(Collections.unmodifiableMap(new LinkedHashMap<>(entries)), Collections.unmodifiableMap(linked),
                ordered, Map.copyOf(index), Map.copyOf(quizzes));
    }

    private static String prerequisiteProblem(Lesson lesson, Map<String, Lesson> byId) {
        for (String p : lesson.prerequisites()) {
            if (!byId.containsKey(p)) {
                return "prerequisite '" + p + "' is not a lesson of this course";
            }
        }
        // Depth-first walk from the lesson's prerequisites: reaching the lesson again is a cycle.
        var seen = new HashSet<String>();
        var todo = new ArrayDeque<>(lesson.prerequisites());
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (id.equals(lesson.id())) {
                return "prerequisites form a cycle through '" + lesson.id() + "'";
            }
            Lesson p = byId.get(id);
            if (p != null && seen.add(id)) {
                todo.addAll(p.prerequisites());
            }
        }
        return null;
    }

    /** When a file was last seen changed, to tell whether to read it again. */
    private record Stamp(FileTime modified, long size) {
        static Stamp of(Path path) {
            try {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size());
            } catch (IOException e) {
                return new Stamp(FileTime.fromMillis(0), -1);
            }
        }
    }

    /** One lesson file as last read: the lesson, or why it cannot be served. */
    private record FileEntry(Stamp stamp, String slug, Lesson lesson, Quiz quiz, List<LessonProblem> problems) {
        static FileEntry broken(Stamp stamp, String slug, LessonProblem problem) {
            return new FileEntry(stamp, slug, null, null, List.of(problem));
        }

        boolean hasProblems() {
            return !problems.isEmpty();
        }

        FileEntry withProblems(List<LessonProblem> more) {
            var all = new ArrayList<>(problems);
            all.addAll(more);
            return new FileEntry(stamp, slug, lesson, quiz, List.copyOf(all));
        }
    }

    /**
     * The course as last loaded: each file as read on its own ({@code read}, reused while the file is
     * unchanged), and as linked with the others ({@code files}, with cross-file problems added).
     */
    private record Snapshot(Map<Path, FileEntry> read, Map<Path, FileEntry> files, List<Lesson> lessons,
                            Map<String, Lesson> byId, Map<String, Quiz> quizzes) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), List.of(), Map.of(), Map.of());

        Set<LessonProblem> allProblems() {
            var all = new HashSet<LessonProblem>();
            files.values().forEach(f -> all.addAll(f.problems()));
            return all;
        }
    }
}
