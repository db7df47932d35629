package dev.loadbearing.web;

import dev.loadbearing.course.Catalog;
import dev.loadbearing.db.Database;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * {@code GET /health}: whether the database answers, how many lessons are served, and whether the
 * grading workers are warm ({@code grading}: {@code not_started} until the first grading or
 * warm-up, {@code warming}, then {@code warm}). A server whose workers are still warming is healthy;
 * scripts that want fast first gradings wait for {@code warm}.
 */
public final class HealthController {
    private final Database database;
    private final Catalog catalog;
    private final String version;
    private final Supplier<String> grading;

    /** @param grading the grading workers' state: {@code not_started}, {@code warming} or {@code warm} */
    public HealthController(Database database, Catalog catalog, String version, Supplier<String> grading) {
        this.database = database;
        this.catalog = catalog;
        this.version = version;
        this.grading = grading;
    }

    public void show(Context ctx) {
        boolean db = database.reachable();
        int lessons = catalog.lessons().size();
        boolean ok = db && lessons > 0;
        var body = new LinkedHashMap<String, Object>();
        body.put("status", ok ? "ok" : "unavailable");
        body.put("database", db ? "ok" : "unreachable");
        body.put("lessons", lessons);
        body.put("lesson_problems", catalog.problems().size());
        body.put("grading", grading.get());
        body.put("version", version);
        ctx.header("Cache-Control", "no-store").status(ok ? 200 : 503).json(body);
    }
}
