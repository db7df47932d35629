package dev.loadbearing.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.submission.SourceFiles;
import dev.loadbearing.web.ErrorPages;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A signed-in learner's progress and drafts as JSON, behind {@link Sessions#requireSignIn()}:
 * {@code GET/POST /api/me/progress}, {@code GET/PUT/DELETE /api/exercises/{id}/draft}.
 * {@code POST /api/me/progress} also takes the drafts a guest kept in the browser, once, at sign-up.
 */
public final class ProgressController {
    /** The most code a draft may hold, all files together. */
    static final int MAX_DRAFT_BYTES = 256 * 1024;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private final ProgressService progress;
    private final ExerciseCatalog exercises;
    private final Sessions sessions;
    private final ErrorPages errors;
    private final ObjectMapper json = new ObjectMapper();

    public ProgressController(ProgressService progress, ExerciseCatalog exercises, Sessions sessions, ErrorPages errors) {
        this.progress = progress;
        this.exercises = exercises;
        this.sessions = sessions;
        this.errors = errors;
    }

    public void progress(Context ctx) {
        ctx.json(Map.of("done", progress.progress(user(ctx))));
    }

    /** Merges {@code {"done": {"quiz:a/b": "2025-01-01T00:00:00Z"}, "drafts": [{"exercise", "version", "files"}]}}. */
    public void record(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode done = body == null ? null : body.get("done");
        JsonNode drafts = body == null ? null : body.get("drafts");
        if (body == null || !body.isObject() || (done != null && !done.isObject()) || (drafts != null && !drafts.isArray())) {
            errors.show(ctx, 400, "Bad request", "Send JSON like {\"done\": {\"exercise:lb-round-robin\": \"2025-01-31T12:00:00Z\"}}.");
            return;
        }
        User user = user(ctx);
        var items = new LinkedHashMap<String, String>();
        if (done != null) {
            done.fields().forEachRemaining(f -> items.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : null));
        }
        ProgressService.Recorded recorded;
        try {
            recorded = progress.record(user, items);
        } catch (IllegalArgumentException e) {
            errors.show(ctx, 400, "Bad request", e.getMessage());
            return;
        }
        int kept = 0;
        if (drafts != null) {
            for (JsonNode draft : drafts) {
                String id = draft.path("exercise").asText();
                Optional<Exercise> exercise = exercises.exercise(id);
                Map<String, String> files = SourceFiles.fromJson(draft.get("files"));
                String version = draft.path("version").asText();
                // A draft for an exercise that is gone, or that does not fit, is left behind rather than failing the rest.
                if (exercise.isPresent() && files != null && problem(exercise.get(), version, files) == null && fits(files)) {
                    progress.saveDraft(user, id, version, files);
                    kept++;
                }
            }
        }
        ctx.json(Map.of("done", progress.progress(user), "drafts_kept", kept, "unknown", recorded.unknown()));
    }

    /** The saved draft, or {@code "files": null} when there is none yet (not a 404: most exercises have none). */
    public void draft(Context ctx) {
        Optional<Exercise> exercise = exercise(ctx);
        if (exercise.isEmpty()) {
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("exercise", exercise.get().id());
        var draft = progress.draft(user(ctx), exercise.get().id());
        body.put("version", draft.map(ProgressService.Draft::version).orElse(null));
        body.put("files", draft.map(ProgressService.Draft::files).orElse(null));
        body.put("updated_at", draft.map(d -> d.updatedAt().toString()).orElse(null));
        ctx.json(body);
    }

    /** {@code PUT} with {@code {"version": "...", "files": {"RoundRobin.java": "..."}}}. */
    public void saveDraft(Context ctx) {
        Optional<Exercise> exercise = exercise(ctx);
        if (exercise.isEmpty()) {
            return;
        }
        if (ctx.contentLength() > MAX_DRAFT_BYTES * 2L) {
            errors.show(ctx, 413, "Too much code", "A draft may hold at most " + MAX_DRAFT_BYTES / 1024 + " KB of source.");
            return;
        }
        JsonNode body = body(ctx);
        Map<String, String> files = body == null ? null : SourceFiles.fromJson(body.get("files"));
        String version = body == null ? "" : body.path("version").asText();
        if (files == null) {
            errors.show(ctx, 400, "Bad request", "Send JSON like {\"version\": \"" + exercise.get().version() + "\", \"files\": {\""
                    + exercise.get().editable().get(0) + "\": \"...\"}}.");
            return;
        }
        if (!fits(files)) {
            errors.show(ctx, 413, "Too much code", "A draft may hold at most " + MAX_DRAFT_BYTES / 1024 + " KB of source.");
            return;
        }
        String problem = problem(exercise.get(), version, files);
        if (problem != null) {
            errors.show(ctx, 400, "Bad request", problem);
            return;
        }
        progress.saveDraft(user(ctx), exercise.get().id(), version, files);
        ctx.status(204);
    }

    public void deleteDraft(Context ctx) {
        Optional<Exercise> exercise = exercise(ctx);
        if (exercise.isPresent()) {
            progress.deleteDraft(user(ctx), exercise.get().id());
            ctx.status(204);
        }
    }

    /** What is wrong with a draft's version or file names for this exercise, or null. */
    private static String problem(Exercise exercise, String version, Map<String, String> files) {
        if (!VERSION.matcher(version).matches()) {
            return "A draft needs the exercise version it was written for, like \"" + exercise.version() + "\".";
        }
        for (String name : files.keySet()) {
            if (!exercise.editable().contains(name)) {
                return name + " is not a file of " + exercise.id() + "; its files are " + String.join(", ", exercise.editable()) + ".";
            }
        }
        return null;
    }

    private static boolean fits(Map<String, String> files) {
        return files.values().stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum() <= MAX_DRAFT_BYTES;
    }

    private User user(Context ctx) {
        return sessions.currentUser(ctx).orElseThrow(() -> new IllegalStateException("the route must require sign-in"));
    }

    private Optional<Exercise> exercise(Context ctx) {
        Optional<Exercise> exercise = exercises.exercise(ctx.pathParam("id"));
        if (exercise.isEmpty()) {
            errors.show(ctx, 404, "No such exercise", "There is no exercise '" + ctx.pathParam("id") + "'.");
        }
        return exercise;
    }

    private JsonNode body(Context ctx) {
        try {
            return json.readTree(ctx.body());
        } catch (Exception e) {
            return null;
        }
    }
}
