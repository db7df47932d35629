package dev.loadbearing.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The course's exercises, read from {@code exercises/<id>/} folders. A broken exercise is left
 * out and its problems kept for {@code validate} and the author.
 */
public final class ExerciseCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ExerciseCatalog.class);

    private final CourseFiles files;
    private final Map<String, Exercise> byId;
    private final List<LessonProblem> problems;

    private ExerciseCatalog(CourseFiles files, Map<String, Exercise> byId, List<LessonProblem> problems) {
        this.files = files;
        this.byId = byId;
        this.problems = problems;
    }

    /** Loads every exercise folder of the course. */
    public static ExerciseCatalog load(CourseFiles files) {
        var parser = new ExerciseParser();
        var byId = new LinkedHashMap<String, Exercise>();
        var problems = new ArrayList<LessonProblem>();
        Path dir = files.exercises();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path folder : list.filter(Files::isDirectory).sorted().toList()) {
                    ExerciseParser.Result result = parser.parse(files, folder);
                    problems.addAll(result.problems());
                    if (result.exercise() != null) {
                        byId.put(result.exercise().id(), result.exercise());
                    }
                }
            } catch (IOException e) {
                problems.add(new LessonProblem(files.display(dir), 1, "cannot list the exercises: " + e.getMessage()));
            }
        }
        problems.forEach(p -> LOG.warn("{}", p));
        return new ExerciseCatalog(files, Map.copyOf(byId), List.copyOf(problems));
    }

    public Optional<Exercise> exercise(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Valid exercises, by id. */
    public List<Exercise> exercises() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(Exercise::id)).toList();
    }

    public List<LessonProblem> problems() {
        return problems;
    }

    public CourseFiles files() {
        return files;
    }
}
