package dev.loadbearing.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseParser;
import dev.loadbearing.grading.GradeOutcome;
import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.Learners;
import dev.loadbearing.web.Paths;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The exercise API: {@code GET /api/exercises/{id}}, {@code POST .../runs} and {@code .../submissions}
 * with {@code {"files": {"Name.java": "..."}}}, {@code GET .../hints/{n}} and {@code GET .../solution}.
 */
public final class ExerciseController {
    /** The most source a learner may send at once, all files together. */
    static final int MAX_BODY_BYTES = ExerciseParser.MAX_SOURCE_BYTES * 2;
    private final ExerciseService service;
    private final Learners learners;
    private final ErrorPages errors;
    private final ObjectMapper json = new ObjectMapper();

    public ExerciseController(ExerciseService service, Learners learners, ErrorPages errors) {
        this.service = service;
        this.learners = learners;
        this.errors = errors;
    }

    public void show(Context ctx) {
        service.details(ctx.pathParam("id"), learners.current(ctx)).ifPresentOrElse(ctx::json, () -> unknown(ctx));
    }

    public void run(Context ctx) throws InterruptedException {
        grade(ctx, Exercise.Mode.RUN);
    }

    public void submit(Context ctx) throws InterruptedException {
        grade(ctx, Exercise.Mode.SUBMIT);
    }

    public void hint(Context ctx) {
        Optional<Exercise> exercise = exercise(ctx);
        if (exercise.isEmpty()) {
            return;
        }
        int number = ctx.pathParamAsClass("n", Integer.class).getOrDefault(0);
        service.hint(exercise.get(), number).ifPresentOrElse(ctx::json, () -> errors.show(ctx, 404, "No such hint",
                exercise.get().title() + " has " + exercise.get().hints().size() + " hints, numbered from 1."));
    }

    public void solution(Context ctx) {
        Optional<Exercise> exercise = exercise(ctx);
        if (exercise.isEmpty()) {
            return;
        }
        String learner = learners.current(ctx);
        service.referenceSolution(exercise.get(), learner).ifPresentOrElse(
                files -> ctx.json(Map.of("files", files)),
                () -> {
                    var policy = service.solution(exercise.get(), learner);
                    errors.show(ctx, 403, "Not unlocked yet", switch (policy.policy()) {
                        case "after_passing" -> "The reference solution unlocks once your submission passes every test.";
                        case "after_attempts" -> "The reference solution unlocks after " + policy.attempts() + " submissions, or once you pass.";
                        default -> "This exercise does not show its reference solution.";
                    });
                });
    }

    private void grade(Context ctx, Exercise.Mode mode) throws InterruptedException {
        Optional<Exercise> exercise = exercise(ctx);
        if (exercise.isEmpty()) {
            return;
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            // Read what was sent (Jetty caps it at the server's maxRequestSize) before answering, so
            // the client is not cut off mid-upload and sees the 413 instead of a closed connection.
            ctx.bodyAsBytes();
            errors.show(ctx, 413, "Too much code", "Send at most " + MAX_BODY_BYTES / 1024 + " KB of source at once.");
            return;
        }
        Map<String, String> files = files(ctx);
        if (files == null) {
            errors.show(ctx, 400, "Bad request", "Send JSON like {\"files\": {\"" + exercise.get().editable().get(0) + "\": \"...\"}}.");
            return;
        }
        int bytes = files.values().stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
        if (bytes > MAX_BODY_BYTES) {
            errors.show(ctx, 413, "Too much code", "Send at most " + MAX_BODY_BYTES / 1024 + " KB of source at once.");
            return;
        }
        String learner = learners.currentOrNew(ctx);
        ExerciseService.Attempt attempt = service.grade(exercise.get(), files, mode, learner, dev.loadbearing.web.Proxies.client(ctx));
        GradeOutcome outcome = attempt.outcome();
        if (outcome instanceof GradeOutcome.Graded graded) {
            ObjectNode body = json.valueToTree(graded.result());
            if (attempt.id() >= 0) {
                body.put("submission_id", attempt.id());
                links(body, exercise.get().id(), attempt.id());
            }
            body.put("solution_available", service.solution(exercise.get(), learner).available());
            ctx.json(body);
        } else if (outcome instanceof GradeOutcome.Invalid invalid) {
            errors.show(ctx, 400, "Bad request", invalid.message());
        } else if (outcome instanceof GradeOutcome.LimitReached full) {
            errors.show(ctx, 409, "No more submissions of this exercise", full.message());
        } else if (outcome instanceof GradeOutcome.RateLimited limited) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, limited.retryAfter().toSeconds())));
            errors.show(ctx, 429, "Too many gradings", "You are grading faster than the server allows. Wait a moment and try again.");
        } else if (outcome instanceof GradeOutcome.Queued queued) {
            // Accepted: stored, and graded later by whichever node takes it; the body says where to look.
            ObjectNode body = json.createObjectNode();
            body.put("status", "queued");
            body.put("submission_id", queued.id());
            body.put("message", "Still grading: your submission is saved and waits for a grader. Its result appears here "
                    + "when it is written, and in your history; there is no need to send it again.");
            links(body, exercise.get().id(), queued.id());
            ctx.status(202).header("Location", Paths.attempt(queued.id())).json(body);
        } else if (outcome instanceof GradeOutcome.Busy busy) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, busy.retryAfter().toSeconds())));
            errors.show(ctx, 503, "The graders are busy", "Every grading worker is busy. Try again in a few seconds.");
        }
    }

    /** Where a stored attempt is read back: its JSON and its place in the learner's history. */
    private static void links(ObjectNode body, String exerciseId, long attemptId) {
        body.putObject("links").put("self", Paths.attempt(attemptId)).put("history", Paths.history(exerciseId, attemptId));
    }

    private Optional<Exercise> exercise(Context ctx) {
        Optional<Exercise> exercise = service.exercise(ctx.pathParam("id"));
        if (exercise.isEmpty()) {
            unknown(ctx);
        }
        return exercise;
    }

    private void unknown(Context ctx) {
        errors.show(ctx, 404, "No such exercise", "There is no exercise '" + ctx.pathParam("id") + "'.");
    }

    /** The {@code files} object of the body, or null when the body is not that shape. */
    private Map<String, String> files(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (Exception e) {
            return null;
        }
        return SourceFiles.fromJson(body == null ? null : body.get("files"));
    }
}
