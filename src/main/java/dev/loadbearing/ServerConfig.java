package dev.loadbearing;

import dev.loadbearing.db.Database;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import dev.loadbearing.submission.GradingQueue;
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
 * @param operations how the node runs among others: its name, leases, proxies, metrics, drain
 */
public record ServerConfig(int port, Path dataDir, Path courseDir, boolean dev, SandboxMode sandbox,
                           WorkerPool.Settings workers, GradingService.Settings grading, String database, int databasePool,
                           Operations operations) {
    /**
     * How a node runs among others (docs/OPERATIONS.md).
     *
     * @param node           this node's name in the shared grading queue, or null for the host's name and the port
     * @param leaseMs        how long a grading job stays with a node that stopped renewing its lease; 0 for the default
     * @param trustedProxies the proxies whose X-Forwarded-For, -Proto and X-Request-Id are believed
     *                       (comma-separated addresses or ranges; null for loopback; {@code none})
     * @param metricsFrom    who may scrape {@code /metrics} directly (the same form; null for loopback)
     * @param drainSeconds   on SIGTERM, how long {@code /ready} says 503 while the node still serves,
     *                       before it stops accepting requests
     * @param gradingWaitMs  the longest a Submit waits for its verdict before it answers 202 (still
     *                       grading; the browser then follows the stored attempt); 0 for the default
     */
    public record Operations(String node, long leaseMs, String trustedProxies, String metricsFrom, int drainSeconds,
                             long gradingWaitMs) {
        public static final Operations DEFAULTS = new Operations(null, 0, null, null, 0, 0);

        public Operations(String node, long leaseMs, String trustedProxies, String metricsFrom, int drainSeconds) {
            this(node, leaseMs, trustedProxies, metricsFrom, drainSeconds, 0);
        }
    }

    public static final int DEFAULT_PORT = 7070;

    /** On the embedded database. */
    public ServerConfig(int port, Path dataDir, Path courseDir, boolean dev, SandboxMode sandbox,
                        WorkerPool.Settings workers, GradingService.Settings grading) {
        this(port, dataDir, courseDir, dev, sandbox, workers, grading, null, Database.DEFAULT_POOL_SIZE, Operations.DEFAULTS);
    }

    /** The same server on another database (a PostgreSQL URL, or null for the embedded one). */
    public ServerConfig withDatabase(String url, int pool) {
        return new ServerConfig(port, dataDir, courseDir, dev, sandbox, workers, grading, url, pool, operations);
    }

    /** The same server, run among others like this. */
    public ServerConfig withOperations(Operations ops) {
        return new ServerConfig(port, dataDir, courseDir, dev, sandbox, workers, grading, database, databasePool, ops);
    }

    /** Whether the database is the embedded one, this process's own. */
    public boolean embeddedDatabase() {
        return database == null || database.isBlank();
    }

    /** How this node takes part in the grading queue. */
    public GradingQueue.Settings queue() {
        GradingQueue.Settings settings = GradingQueue.Settings.defaults(embeddedDatabase(), port);
        String node = operations.node();
        long leaseMs = operations.leaseMs();
        if (node != null && !node.isBlank()) {
            settings = settings.withNode(node);
        } else if (port == 0) {
            settings = settings.withNode(GradingQueue.Settings.defaultNode(0) + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        }
        return leaseMs > 0 ? settings.withLease(leaseMs, Math.min(settings.pollMs(), leaseMs / 3)) : settings;
    }

    /** Opens (and migrates) the database this configuration names. */
    public Database openDatabase() {
        return embeddedDatabase() ? Database.open(dataDir) : Database.open(database, databasePool);
    }

    /** The defaults for the sandbox, the worker pool and admission. */
    public ServerConfig(int port, Path dataDir, Path courseDir, boolean dev) {
        this(port, dataDir, courseDir, dev, SandboxMode.AUTO, WorkerPool.Settings.forServer(), GradingService.Settings.forServer());
    }
}
