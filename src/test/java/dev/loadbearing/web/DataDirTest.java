package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.TestServer;
import dev.loadbearing.course.PageViewDao;
import dev.loadbearing.db.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder: created on first start, migrated, and kept across restarts. */
class DataDirTest {
    @TempDir
    Path dir;

    @Test
    void a_second_start_on_the_same_data_folder_keeps_what_the_first_stored() {
        Path data = dir.resolve("data");
        try (TestServer first = TestServer.start(data)) {
            assertEquals(200, first.get("/lessons/caching").statusCode());
            assertEquals(200, first.get("/lessons/caching").statusCode());
        }
        assertTrue(Files.exists(data.resolve("loadbearing.mv.db")), "the database file lives in the data folder");
        try (TestServer second = TestServer.start(data)) {
            assertEquals(200, second.get("/health").statusCode());
            assertEquals(200, second.get("/lessons/caching").statusCode());
        }
        try (Database db = Database.open(data)) {
            assertEquals(3, db.dao(PageViewDao.class).views("caching"));
        }
    }

    @Test
    void a_data_folder_already_in_use_by_another_server_is_refused_with_a_clear_message() throws Exception {
        Path data = dir.resolve("busy");
        try (TestServer running = TestServer.start(data)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process second = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "dev.loadbearing.Main", "serve", "--port", "0", "--data", data.toString())
                    .redirectErrorStream(true)
                    .start();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second server gives up instead of hanging");
            String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, second.exitValue(), output);
            assertTrue(output.contains("loadbearing: the database is in use by another Loadbearing server"), output);
            assertEquals(200, running.get("/health").statusCode(), "the running server is unharmed");
        }
    }
}
