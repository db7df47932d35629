package dev.loadbearing.instructor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.submission.ExerciseService;
import dev.loadbearing.submission.History;
import dev.loadbearing.submission.StoredSubmission;
import dev.loadbearing.submission.SubmissionDao;
import dev.loadbearing.web.Csrf;
import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.Paths;
import dev.loadbearing.web.Views;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The instructor's pages: the class at a glance ({@code /instructor}), one exercise's submissions
 * with a re-grade button, any submission with its code and result, and the gradebook CSV.
 * Every route here is behind the instructor role (see {@code App}).
 */
public final class InstructorController {
    private final ClassReport report;
    private final Regrading regrading;
    private final ExerciseService exercises;
    private final SubmissionDao submissions;
    private final History history;
    private final Function<String, ClassReport.Learner> directory;
    private final Csrf csrf;
    private final Views views;
    private final ErrorPages errors;
    private final ObjectMapper json = new ObjectMapper();

    public InstructorController(ClassReport report, Regrading regrading, ExerciseService exercises, SubmissionDao submissions,
                                History history, Function<String, ClassReport.Learner> directory, Csrf csrf, Views views,
                                ErrorPages errors) {
        this.csrf = csrf;
        this.report = report;
        this.regrading = regrading;
        this.exercises = exercises;
        this.submissions = submissions;
        this.history = history;
        this.directory = directory;
        this.views = views;
        this.errors = errors;
    }

    public void dashboard(Context ctx) {
        views.page(ctx, 200, Paths.Template.INSTRUCTOR, Map.of("report", report.report()));
    }

    public void exercise(Context ctx) {
        Optional<Exercise> exercise = exercises.exercise(ctx.pathParam("id"));
        if (exercise.isEmpty()) {
            errors.show(ctx, 404, "No such exercise", "There is no exercise '" + ctx.pathParam("id") + "'.");
            return;
        }
        var submits = new ArrayList<>(submissions.submitsOf(exercise.get().id()));
        Collections.reverse(submits); // newest first
        var rows = submits.stream().map(s -> new Row(s, directory.apply(s.learner()))).toList();
        var model = new HashMap<String, Object>();
        model.put("exercise", exercise.get());
        model.put("rows", rows);
        model.put("regrade", regrading.progress(exercise.get().id()).orElse(null));
        views.page(ctx, 200, Paths.Template.INSTRUCTOR_EXERCISE, model);
    }

    /** A submission with who sent it. */
    public record Row(StoredSubmission submission, ClassReport.Learner learner) {}

    public void regrade(Context ctx) {
        if (!csrf.matchesForm(ctx)) {
            errors.show(ctx, 403, "Missing or wrong CSRF token", "Reload the page and press the button again.");
            return;
        }
        Optional<Exercise> exercise = exercises.exercise(ctx.pathParam("id"));
        if (exercise.isEmpty()) {
            errors.show(ctx, 404, "No such exercise", "There is no exercise '" + ctx.pathParam("id") + "'.");
            return;
        }
        regrading.start(exercise.get().id());
        ctx.redirect(Paths.instructorExercise(exercise.get().id()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    public void submission(Context ctx) throws Exception {
        Long id = ctx.pathParamAsClass("id", Long.class).getOrNull();
        Optional<StoredSubmission> found = id == null ? Optional.empty() : submissions.find(id);
        if (found.isEmpty()) {
            errors.show(ctx, 404, "No such submission", "There is no submission " + ctx.pathParam("id") + ".");
            return;
        }
        StoredSubmission s = found.get();
        var model = new HashMap<String, Object>();
        model.put("submission", s);
        model.put("learner", directory.apply(s.learner()));
        model.put("files", history.files(s));
        model.put("result", json.readTree(s.result()));
        model.put("exercise", exercises.exercise(s.exerciseId()).orElse(null));
        views.page(ctx, 200, Paths.Template.INSTRUCTOR_SUBMISSION, model);
    }

    public void grades(Context ctx) {
        ctx.header("Content-Disposition", "attachment; filename=\"loadbearing-grades.csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(report.csv());
    }
}
