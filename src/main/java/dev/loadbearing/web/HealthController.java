package dev.loadbearing.web;

import dev.loadbearing.course.Catalog;
import dev.loadbearing.db.Database;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health}: liveness. It answers 200 whenever the process serves HTTP, so a supervisor
 * restarts a node only when the node itself is stuck, never because the database everyone shares
 * is down (restarting every node would not bring it back). The body says what is wrong:
 * {@code status} {@code ok} or {@code degraded}, whether the database answers and still saves, how
 * many submissions wait for a verdict, how many lessons are served, and whether the grading workers
 * are warm ({@code grading}: {@code not_started} until the first grading or warm-up,
 * {@code warming}, then {@code warm}).
 *
 * <p>{@code GET /ready}: whether a load balancer should send this node learners now: the database
 * answers and saves, the course has lessons, and the grading workers are not still warming (a node
 * that never started them, such as one run without {@code warmUp}, counts as ready). 200 or 503,
 * with the reasons it is not (also while the node drains before it stops).
 */
public final class HealthController {
    private final Database database;
    private final Catalog catalog;
    private final String version;
    private final IntSupplier pendingGradings;
    private final Supplier<String> grading;
    private final java.util.function.BooleanSupplier draining;

    /**
     * @param pendingGradings how many stored submissions wait for a verdict
     * @param grading         the grading workers' state: {@code not_started}, {@code warming} or {@code warm}
     */
    public HealthController(Database database, Catalog catalog, String version, IntSupplier pendingGradings,
                            Supplier<String> grading, java.util.function.BooleanSupplier draining) {
        this.draining = draining;
        this.database = database;
        this.catalog = catalog;
        this.version = version;
        this.pendingGradings = pendingGradings;
        this.grading = grading;
    }

    public void ready(Context ctx) {
        boolean reachable = database.reachable();
        boolean writable = reachable && database.writable();
        int lessons = catalog.lessons().size();
        String workers = grading.get();
        var reasons = new java.util.ArrayList<String>();
        if (!writable) {
            reasons.add(reachable ? "the database answers but does not save" : "the database does not answer");
        }
        if (lessons == 0) {
            reasons.add("the course has no lessons");
        }
        if ("warming".equals(workers)) {
            reasons.add("the grading workers are still warming");
        }
        if (draining.getAsBoolean()) {
            reasons.add("the node is stopping: it finishes what it has and takes no new learners");
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("ready", reasons.isEmpty());
        body.put("database", writable ? "ok" : reachable ? "not writable" : "unreachable");
        body.put("grading", workers);
        body.put("reasons", reasons);
        ctx.header("Cache-Control", "no-store").status(reasons.isEmpty() ? 200 : 503).json(body);
    }

    public void show(Context ctx) {
        boolean reachable = database.reachable();
        boolean writable = reachable && database.writable();
        int lessons = catalog.lessons().size();
        boolean ok = writable && lessons > 0;
        var body = new LinkedHashMap<String, Object>();
        body.put("status", ok ? "ok" : "degraded");
        body.put("database", writable ? "ok" : reachable ? "not writable" : "unreachable");
        if (!writable) {
            boolean embedded = database.vendor() == Database.Vendor.H2;
            body.put("problem", reachable
                    ? (embedded ? "The database answers but cannot save: its data folder is read-only or its disk is full."
                                : "The database server answers but cannot save: it may be read-only (a standby) or out of disk.")
                    : (embedded ? "The database does not answer: its data folder may be gone, read-only or full."
                                : "The database server does not answer: it may be down, unreachable, or out of connections."));
        }
        body.put("pending_gradings", reachable ? pendingGradings.getAsInt() : -1);
        body.put("lessons", lessons);
        body.put("lesson_problems", catalog.problems().size());
        body.put("grading", grading.get());
        body.put("version", version);
        ctx.header("Cache-Control", "no-store").status(200).json(body);
    }
}
