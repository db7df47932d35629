package dev.loadbearing;

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
 */
public record ServerConfig(int port, Path dataDir, Path courseDir, boolean dev, SandboxMode sandbox,
                           WorkerPool.Settings workers, GradingService.Settings grading) {
    public static final int DEFAULT_PORT = 7070;

    /** The defaults for the sandbox, the worker pool and admission. */
    public ServerConfig(int port, Path dataDir, Path courseDir, boolean dev) {
        this(port, dataDir, courseDir, dev, SandboxMode.AUTO, WorkerPool.Settings.forServer(), GradingService.Settings.forServer());
    }
}
