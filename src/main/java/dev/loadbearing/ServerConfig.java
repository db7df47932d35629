package dev.loadbearing;

import dev.loadbearing.db.Database;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import java.nio.file.Path;

/**
 * How to run the server.
 *
 * @param port      HTTP port; 0 picks a free one (tests)
 * @param dataDir   where the database lives
 * @param courseDir a course folder to serve instead of the bundled course, or null
 * @param dev       instructor mode: re-read edited lessons on every request, live reload, show lesson errors
 * @param sandbox   whether grading may run without bubblewrap
 * @param workers   the grading worker pool's size and warm-up
 * @param grading   admission: queue, rate limit, result cache
 * @param database  a PostgreSQL URL (docs/OPERATIONS.md) to share with other nodes, or null for the
 *                  embedded database in {@code dataDir}
 * @param databasePool how many connections this node keeps to that PostgreSQL at most
 */
public record ServerConfig(int port, Path dataDir, Path courseDir, boolean dev, SandboxMode sandbox,
                           WorkerPool.Settings workers, GradingService.Settings grading, String database, int databasePool) {
    public static final int DEFAULT_PORT = 7070;

    /** On the embedded database. */
    public ServerConfig(int port, Path dataDir, Path courseDir, boolean dev, SandboxMode sandbox,
                        WorkerPool.Settings workers, GradingService.Settings grading) {
        this(port, dataDir, courseDir, dev, sandbox, workers, grading, null, Database.DEFAULT_POOL_SIZE);
    }

    /** The same server on another database (a PostgreSQL URL, or null for the embedded one). */
    public ServerConfig withDatabase(String url, int pool) {
        return new ServerConfig(port, dataDir, courseDir, dev, sandbox, workers, grading, url, pool);
    }

    /** Opens (and migrates) the database this configuration names. */
    public Database openDatabase() {
        return database == null || database.isBlank() ? Database.open(dataDir) : Database.open(database, databasePool);
    }

    /** The defaults for the sandbox, the worker pool and admission. */
    public ServerConfig(int port, Path dataDir, Path courseDir, boolean dev) {
        this(port, dataDir, courseDir, dev, SandboxMode.AUTO, WorkerPool.Settings.forServer(), GradingService.Settings.forServer());
    }
}
