package dev.loadbearing.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.Learners;
import dev.loadbearing.web.Paths;
import dev.loadbearing.web.Views;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Optional;

/**
 * {@code GET /exercises/{id}/history}: a learner's own attempts, one attempt's code and result
 * ({@code ?show=ID}), and what changed between two ({@code ?from=ID&to=ID}).
 */
public final class HistoryController {
    private final ExerciseService exercises;
    private final History history;
    private final Learners learners;
    private final Views views;
    private final ErrorPages errors;
    private final ObjectMapper json = new ObjectMapper();

    public HistoryController(ExerciseService exercises, History history, Learners learners, Views views, ErrorPages errors) {
        this.exercises = exercises;
        this.history = history;
        this.learners = learners;
        this.views = views;
        this.errors = errors;
    }

    public void show(Context ctx) throws Exception {
        Optional<Exercise> exercise = exercises.exercise(ctx.pathParam("id"));
        if (exercise.isEmpty()) {
            errors.show(ctx, 404, "No such exercise", "There is no exercise '" + ctx.pathParam("id") + "'.");
            return;
        }
        String learner = learners.current(ctx);
        String id = exercise.get().id();
        var model = new HashMap<String, Object>();
        model.put("exercise", exercise.get());
        model.put("summary", history.summary(learner, id));
        Long show = ctx.queryParamAsClass("show", Long.class).getOrNull();
        Long from = ctx.queryParamAsClass("from", Long.class).getOrNull();
        Long to = ctx.queryParamAsClass("to", Long.class).getOrNull();
        if (show != null) {
            Optional<StoredSubmission> attempt = history.attempt(learner, id, show);
            if (attempt.isEmpty()) {
                errors.show(ctx, 404, "No such attempt", "You have no attempt " + show + " at this exercise.");
                return;
            }
            model.put("shown", attempt.get());
            model.put("shownFiles", history.files(attempt.get()));
            JsonNode result = json.readTree(attempt.get().result());
            model.put("shownResult", result);
        }
        if (from != null && to != null) {
            Optional<StoredSubmission> a = history.attempt(learner, id, Math.min(from, to));
            Optional<StoredSubmission> b = history.attempt(learner, id, Math.max(from, to));
            if (a.isEmpty() || b.isEmpty()) {
                errors.show(ctx, 404, "No such attempt", "Both attempts to compare must be yours, at this exercise.");
                return;
            }
            model.put("diffFrom", a.get());
            model.put("diffTo", b.get());
            model.put("diff", history.diff(a.get(), b.get()));
        }
        views.page(ctx, 200, Paths.Template.HISTORY, model);
    }
}
