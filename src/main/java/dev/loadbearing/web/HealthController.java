package dev.loadbearing.web;

import dev.loadbearing.course.Catalog;
import dev.loadbearing.db.Database;
import io.javalin.http.Context;
import java.util.LinkedHashMap;

/** {@code GET /health}: whether the database answers and how many lessons are served. */
public final class HealthController {
    private final Database database;
    private final Catalog catalog;
    private final String version;

    public HealthController(Database database, Catalog catalog, String version) {
        this.database = database;
        this.catalog = catalog;
        this.version = version;
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
        body.put("version", version);
        ctx.header("Cache-Control", "no-store").status(ok ? 200 : 503).json(body);
    }
}
