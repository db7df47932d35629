package dev.loadbearing.web;

import dev.loadbearing.course.Catalog;
import dev.loadbearing.db.Database;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.function.IntSupplier;

/**
 * {@code GET /health}: whether the database answers and still saves, how many submissions wait
 * for a verdict, and how many lessons are served. 503 when anything a learner needs is missing.
 */
public final class HealthController {
    private final Database database;
    private final Catalog catalog;
    private final String version;
    private final IntSupplier pendingGradings;

    /** @param pendingGradings how many stored submissions wait for a verdict */
    public HealthController(Database database, Catalog catalog, String version, IntSupplier pendingGradings) {
        this.database = database;
        this.catalog = catalog;
        this.version = version;
        this.pendingGradings = pendingGradings;
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
        body.put("version", version);
        ctx.header("Cache-Control", "no-store").status(ok ? 200 : 503).json(body);
    }
}
