package dev.loadbearing.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.Learners;
import dev.loadbearing.web.Paths;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Stored attempts as JSON, for scripts: {@code GET /api/submissions/{id}} (one attempt, with its code
 * and result) and {@code GET /api/exercises/{id}/submissions} (a learner's attempts, newest first, in
 * pages). The rules are the history page's: a learner sees their own; an instructor or admin sees
 * anyone's, and lists another learner's with {@code ?learner=KEY}.
 */
public final class AttemptsController {
    /** Attempts per page unless {@code per_page} asks for fewer or more. */
    static final int DEFAULT_PER_PAGE = 20;
    static final int MAX_PER_PAGE = 100;
    private final ExerciseService exercises;
    private final SubmissionDao submissions;
    private final History history;
    private final Learners learners;
    private final Predicate<Context> seesEveryone;
    private final ErrorPages errors;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param seesEveryone whether the person asking may read every learner's attempts (instructors, admins)
     */
    public AttemptsController(ExerciseService exercises, SubmissionDao submissions, History history, Learners learners,
                              Predicate<Context> seesEveryone, ErrorPages errors) {
        this.exercises = exercises;
        this.submissions = submissions;
        this.history = history;
        this.learners = learners;
        this.seesEveryone = seesEveryone;
        this.errors = errors;
    }

    /** One attempt: its code, its verdict and the whole result. Someone else's is a 404, as a missing one is. */
    public void show(Context ctx) throws Exception {
        Long id = number(ctx.pathParam("id"));
        Optional<StoredSubmission> attempt = id == null ? Optional.empty() : submissions.find(id)
                .filter(s -> seesEveryone.test(ctx) || s.learner().equals(learners.current(ctx)));
        if (attempt.isEmpty()) {
            errors.show(ctx, 404, "No such attempt", "You have no attempt " + ctx.pathParam("id") + ".");
            return;
        }
        StoredSubmission s = attempt.get();
        ObjectNode body = summary(s, seesEveryone.test(ctx));
        body.set("files", json.valueToTree(history.files(s)));
        JsonNode result = json.readTree(s.result());
        body.set("result", result);
        ctx.json(body);
    }

    /** A learner's attempts at an exercise, newest first: {@code ?page=1&per_page=20}, and {@code learner=} for instructors. */
    public void list(Context ctx) {
        Optional<Exercise> exercise = exercises.exercise(ctx.pathParam("id"));
        if (exercise.isEmpty()) {
            errors.show(ctx, 404, "No such exercise", "There is no exercise '" + ctx.pathParam("id") + "'.");
            return;
        }
        Long page = ctx.queryParam("page") == null ? Long.valueOf(1) : number(ctx.queryParam("page"));
        Long perPage = ctx.queryParam("per_page") == null ? Long.valueOf(DEFAULT_PER_PAGE) : number(ctx.queryParam("per_page"));
        if (page == null || page < 1 || page > 1_000_000 || perPage == null || perPage < 1 || perPage > MAX_PER_PAGE) {
            errors.show(ctx, 400, "Bad request", "page counts from 1, and per_page is from 1 to " + MAX_PER_PAGE + ".");
            return;
        }
        int p = page.intValue();
        int size = perPage.intValue();
        boolean instructor = seesEveryone.test(ctx);
        String asked = ctx.queryParam("learner");
        if (asked != null && !instructor) {
            errors.show(ctx, 403, "Not allowed", "Only instructors and admins read another learner's attempts.");
            return;
        }
        String learner = asked != null ? asked : learners.current(ctx);
        List<StoredSubmission> rows = learner == null ? List.of()
                : submissions.attemptsPage(learner, exercise.get().id(), size, (long) (p - 1) * size);
        long total = learner == null ? 0 : submissions.countAttempts(learner, exercise.get().id());
        ObjectNode body = json.createObjectNode();
        body.put("exercise", exercise.get().id());
        body.put("page", p);
        body.put("per_page", size);
        body.put("total", total);
        ArrayNode attempts = body.putArray("attempts");
        rows.forEach(s -> attempts.add(summary(s, instructor)));
        ObjectNode links = body.putObject("links");
        String base = "/api/exercises/" + exercise.get().id() + "/submissions?per_page=" + size
                + (asked != null ? "&learner=" + java.net.URLEncoder.encode(asked, java.nio.charset.StandardCharsets.UTF_8) : "");
        if ((long) p * size < total) {
            links.put("next", base + "&page=" + (p + 1));
        }
        if (p > 1) {
            links.put("prev", base + "&page=" + (p - 1));
        }
        ctx.json(body);
    }

    /** A whole number as sent, or null when it is not one. */
    private static Long number(String text) {
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ObjectNode summary(StoredSubmission s, boolean withLearner) {
        ObjectNode row = json.createObjectNode();
        row.put("id", s.id());
        row.put("exercise", s.exerciseId());
        if (withLearner) {
            row.put("learner", s.learner());
        }
        row.put("mode", s.mode().toLowerCase(java.util.Locale.ROOT));
        row.put("status", s.status());
        row.put("score", s.score());
        row.put("max_score", s.maxScore());
        row.put("created_at", s.createdAt() == null ? null : s.createdAt().toString());
        row.put("graded_at", s.gradedAt() == null ? null : s.gradedAt().toString());
        row.put("exercise_version", s.exerciseVersion());
        ObjectNode links = row.putObject("links");
        links.put("self", Paths.attempt(s.id()));
        links.put("history", Paths.history(s.exerciseId(), s.id()));
        return row;
    }
}
