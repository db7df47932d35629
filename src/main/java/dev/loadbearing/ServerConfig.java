package dev.loadbearing;

import java.nio.file.Path;

/**
 * How to run the server.
 *
 * @param port      HTTP port; 0 picks a free one (tests)
 * @param dataDir   where the database lives
 * @param courseDir a course folder to serve instead of the bundled course, or null
 * @param dev       instructor mode: re-read edited lessons on every request, live reload, show lesson errors
 */
public record ServerConfig(int port, Path dataDir, Path courseDir, boolean dev) {
    public static final int DEFAULT_PORT = 7070;
}
