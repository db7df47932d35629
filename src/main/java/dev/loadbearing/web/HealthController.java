package dev.loadbearing.web;

import dev.loadbearing.course.Catalog;
import dev.loadbearing.db.Database;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health}: whether the database answers and still saves, how many submissions wait
 * for a verdict, how many lessons are served, and whether the grading workers are warm
 * ({@code grading}: {@code not_started} until the first grading or warm-up, {@code warming}, then
 * {@code warm}). 503 when anything a learner needs is missing; a server whose workers are still
 * warming is healthy, and scripts that want fast first gradings wait for {@code warm}.
 */
public final class HealthController {
    private final Database database;
    private final Catalog catalog;
    private final String version;
    private final IntSupplier pendingGradings;
    private final Supplier<String> grading;

    /**
     * @param pendingGradings how many stored submissions wait for a verdict
     * @param grading         the grading workers' state: {@code not_started}, {@code warming} or {@code warm}
     */
    public HealthController(Database database, Catalog catalog, String version, IntSupplier pendingGradings,
                            Supplier<String> grading) {
        this.database = database;
        this.catalog = catalog;
        this.version = version;
        this.pendingGradings = pendingGradings;
        this.grading = grading;
    }

    public void show(Context ctx) {
        boolean reachable = database.reachable();
        boolean writable = reachable && database.writable();
        int lessons = catalog.lessons().size();
        boolean ok = writable && lessons > 0;
        var body = new LinkedHashMap<String, Object>();
        body.put("status", ok ? "ok" : "unavailable");
        body.put("database", writable ? "ok" : reachable ? "not writable" : "unreachable");
        if (!writable) {
            body.put("problem", reachable
                    ? "The database answers but cannot save: its data folder is read-only or its disk is full."
                    : "The database does not answer: its data folder may be gone, read-only or full.");
        }
        body.put("pending_gradings", reachable ? pendingGradings.getAsInt() : -1);
        body.put("lessons", lessons);
        body.put("lesson_problems", catalog.problems().size());
        body.put("grading", grading.get());
        body.put("version", version);
        ctx.header("Cache-Control", "no-store").status(ok ? 200 : 503).json(body);
    }
}
