package dev.loadbearing.grading;

import dev.loadbearing.course.Catalog;
import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.course.Lesson;
import dev.loadbearing.course.LessonProblem;
import dev.loadbearing.course.MarkdownRenderer;
import dev.loadbearing.course.RenderedMarkdown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a whole course the way {@code validate} reports it: every lesson and exercise file,
 * the links between them, and, through the same sandbox as the server, that every starter
 * compiles and fails at least one test by failing (not by crashing) and that every reference
 * solution passes every test with time to spare.
 */
public final class Validator {
    /** The reference solution must finish within this share of every time limit. */
    static final double TIME_TO_SPARE = 0.5;

    private Validator() {
    }

    /**
     * What {@code validate} found.
     *
     * @param problems  every problem, as {@code file:line: message}
     * @param lessons   lessons checked
     * @param exercises what grading each exercise's starter and solution showed
     */
    public record Report(List<LessonProblem> problems, int lessons, List<ExerciseCheck> exercises) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * One exercise's sandbox checks.
     *
     * @param id              the exercise
     * @param starter         the starter's verdict (expected: failed)
     * @param starterPassed   tests the starter passes
     * @param solution        the reference solution's verdict (expected: passed)
     * @param tests           tests on Submit
     * @param solutionMillis  wall time of grading the solution
     * @param slowestTestMillis the solution's slowest test
     */
    public record ExerciseCheck(String id, String starter, int starterPassed, String solution, int tests,
                                long solutionMillis, long slowestTestMillis) {}

    /** Loads and checks the course; {@code service} grades (it must know the same exercises). */
    public static Report validate(Catalog lessons, ExerciseCatalog exercises, GradingService service) throws InterruptedException {
        var problems = new ArrayList<LessonProblem>(lessons.problems());
        problems.addAll(exercises.problems());
        var embeddedBy = new HashMap<String, List<String>>();
        try (var simulations = dev.loadbearing.course.Simulations.load(exercises.files())) {
            problems.addAll(simulations.problems());
            for (Lesson lesson : lessons.lessons()) {
                for (RenderedMarkdown.Embed embedded : lesson.body().embeds()) {
                    if (embedded.kind().equals("simulation") && simulations.simulation(embedded.id()).isEmpty()) {
                        problems.add(new LessonProblem(lesson.file(), embedded.line(), "simulation '" + embedded.id()
                                + "' does not exist or has problems (see simulations/" + embedded.id() + "/)"));
                    }
                }
            }
        }
        for (Lesson lesson : lessons.lessons()) {
            for (RenderedMarkdown.Embed embedded : lesson.body().embeds()) {
                if (!embedded.kind().equals("exercise")) {
                    continue;
                }
                if (embedded.id().isEmpty()) {
                    problems.add(new LessonProblem(lesson.file(), embedded.line(), "an exercise fence needs an id: ```exercise lb-round-robin"));
                    continue;
                }
                embeddedBy.computeIfAbsent(embedded.id(), k -> new ArrayList<>()).add(lesson.id());
                if (exercises.exercise(embedded.id()).isEmpty()) {
                    boolean folder = java.nio.file.Files.isDirectory(exercises.files().exercises().resolve(embedded.id()));
                    problems.add(new LessonProblem(lesson.file(), embedded.line(), folder
                            ? "exercise '" + embedded.id() + "' has problems (listed under exercises/" + embedded.id() + "/)"
                            : "exercise '" + embedded.id() + "' does not exist: there is no folder exercises/" + embedded.id() + "/"));
                }
            }
        }
        var checks = new ArrayList<ExerciseCheck>();
        for (Exercise exercise : exercises.exercises()) {
            String yaml = exercise.folder() + "/exercise.yaml";
            if (lessons.lesson(exercise.lesson()).isEmpty()) {
                problems.add(new LessonProblem(yaml, 1, "lesson '" + exercise.lesson() + "' is not a lesson of this course"));
            } else if (!embeddedBy.getOrDefault(exercise.id(), List.of()).contains(exercise.lesson())) {
                problems.add(new LessonProblem(lessons.lesson(exercise.lesson()).get().file(), 1, "the lesson does not embed its exercise '"
                        + exercise.id() + "': add a fence ```exercise " + exercise.id() + " where learners should try it"));
            }
            if (service != null) {
                checks.add(gradeBoth(exercise, service, problems));
            }
        }
        problems.sort((a, b) -> a.file().equals(b.file()) ? Integer.compare(a.line(), b.line()) : a.file().compareTo(b.file()));
        return new Report(List.copyOf(problems), lessons.lessons().size(), List.copyOf(checks));
    }

    private static ExerciseCheck gradeBoth(Exercise exercise, GradingService service, List<LessonProblem> problems) throws InterruptedException {
        String starterFile = exercise.folder() + "/starter/" + exercise.editable().get(0);
        String solutionFile = exercise.folder() + "/solution/" + exercise.editable().get(0);
        Map<String, Exercise.TestCase> byId = new HashMap<>();
        exercise.cases(Exercise.Mode.SUBMIT).forEach(c -> byId.put(c.id(), c));

        GradeResult starter = service.gradeFiles(exercise, Map.of(), Exercise.Mode.SUBMIT);
        long starterPassed = starter.tests().stream().filter(GradeResult.TestResult::passed).count();
        switch (starter.status()) {
            case passed -> problems.add(new LessonProblem(starterFile, 1, "the starter passes every test: learners would have nothing to do"));
            case failed -> {
                if (starter.tests().stream().noneMatch(t -> t.status().equals("failed"))) {
                    problems.add(new LessonProblem(starterFile, 1, "the starter fails no test by failing an assertion (it only crashes): " + starter.message()));
                }
                for (GradeResult.TestResult t : starter.tests()) {
                    if (t.status().equals("error")) {
                        Exercise.TestCase c = byId.get(t.id());
                        problems.add(new LessonProblem(c.file(), c.line(), "the starter crashes in " + t.id() + " instead of failing it: "
                                + firstLine(t.message())));
                    }
                }
            }
            default -> {
                // Errors in the exercise's own files (its tests) are listed where they are.
                boolean authorFiles = false;
                for (GradeResult.Problem p : starter.problems()) {
                    if (!exercise.editable().contains(p.file()) && !p.file().isEmpty()) {
                        String where = exercise.tests(Exercise.Mode.RUN).containsKey(p.file()) ? "/tests/visible/" : "/tests/hidden/";
                        problems.add(new LessonProblem(exercise.folder() + where + p.file(), (int) p.line(), "does not compile: " + p.message()));
                        authorFiles = true;
                    }
                }
                if (!authorFiles) {
                    problems.add(new LessonProblem(starterFile, 1, "the starter must compile and fail by failing tests, but grading it gave "
                            + starter.status() + ": " + starter.message()));
                }
            }
        }

        GradeResult solution = service.gradeFiles(exercise, exercise.reference(), Exercise.Mode.SUBMIT);
        long slowest = solution.tests().stream().mapToLong(GradeResult.TestResult::millis).max().orElse(0);
        if (!solution.passed()) {
            for (GradeResult.TestResult t : solution.tests()) {
                if (!t.passed()) {
                    Exercise.TestCase c = byId.get(t.id());
                    problems.add(new LessonProblem(c.file(), c.line(), "the reference solution fails " + t.id() + " (" + t.status() + "): "
                            + firstLine(t.message())));
                }
            }
            if (solution.tests().stream().allMatch(GradeResult.TestResult::passed)) {
                problems.add(new LessonProblem(solutionFile, 1, "the reference solution does not pass: " + solution.message()));
            }
        } else {
            for (GradeResult.TestResult t : solution.tests()) {
                if (t.millis() > exercise.limits().testMillis() * TIME_TO_SPARE) {
                    Exercise.TestCase c = byId.get(t.id());
                    problems.add(new LessonProblem(c.file(), c.line(), "the reference solution needs " + t.millis() + " ms for " + t.id()
                            + ", more than half of test_ms (" + exercise.limits().testMillis() + " ms): raise the limit or make the test cheaper"));
                }
            }
            if (solution.millis() > exercise.limits().totalMillis() * TIME_TO_SPARE) {
                problems.add(new LessonProblem(exercise.folder() + "/exercise.yaml", 1, "grading the reference solution takes " + solution.millis()
                        + " ms, more than half of total_ms (" + exercise.limits().totalMillis() + " ms)"));
            }
        }
        return new ExerciseCheck(exercise.id(), starter.status().name(), (int) starterPassed, solution.status().name(),
                solution.tests().size(), solution.millis(), slowest);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /** The lesson catalog of a course. */
    public static Catalog lessons(CourseFiles files) {
        return new Catalog(files, new MarkdownRenderer());
    }
}
