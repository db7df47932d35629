package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.CourseFixture;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --course DIR --dev}: what an instructor editing lessons sees. */
class DevModeTest {
    @TempDir
    Path dir;
    CourseFixture course;
    TestServer server;

    @BeforeEach
    void start() {
        course = new CourseFixture(dir.resolve("course"));
        course.lesson(1, "single-server", "A single server", "## DNS\n\nFirst draft.");
        course.lesson(2, "caching", "Caching", "Body", "single-server");
        server = TestServer.start(new ServerConfig(0, dir.resolve("data"), course.root(), true));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void an_edited_lesson_shows_on_the_next_request() {
        assertTrue(server.get("/lessons/single-server").body().contains("First draft."));
        course.lesson(1, "single-server", "A single server", "## DNS\n\nSecond draft.");
        String html = server.get("/lessons/single-server").body();
        assertTrue(html.contains("Second draft."), html);
        assertFalse(html.contains("First draft."));
    }

    @Test
    void a_new_lesson_appears_in_the_outline_without_a_restart() {
        course.lesson(3, "sharding", "Sharding", "Split the data.");
        assertTrue(server.get("/").body().contains("href=\"/lessons/sharding\""));
        assertEquals(200, server.get("/lessons/sharding").statusCode());
    }

    @Test
    void a_broken_lesson_shows_its_error_on_its_page_and_the_outline() {
        course.write("lessons/02-caching.md", "---\nid: caching\ntitle: Caching\norder: two\n---\nBody\n");
        var page = server.get("/lessons/caching");
        assertEquals(500, page.statusCode());
        assertTrue(page.body().contains("This lesson has problems"), page.body());
        assertTrue(page.body().contains("lessons/02-caching.md:4: order must be a whole number from 1 to 99, not &#39;two&#39;"), page.body());
        String outline = server.get("/").body();
        assertTrue(outline.contains("Lessons with problems"), outline);
        assertTrue(outline.contains("href=\"/lessons/single-server\""), "the other lessons are still served");
    }

    @Test
    void pages_load_the_live_reload_script_only_in_dev_mode() {
        assertTrue(server.get("/").body().contains("/static/js/dev-reload.js"));
    }

    @Test
    void saving_a_lesson_pushes_a_reload_to_open_pages() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.url("/dev/events"))).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> events = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, events.statusCode());
        try (var reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            assertTrue(reader.readLine().startsWith(":"), "the stream opens with a comment");
            CompletableFuture<String> reload = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (line.equals("event: reload")) {
                            return line;
                        }
                    }
                    return "stream ended";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            Thread.sleep(200);
            course.lesson(2, "caching", "Caching", "Edited body", "single-server");
            assertEquals("event: reload", reload.get(20, TimeUnit.SECONDS));
        }
        assertTrue(server.get("/lessons/caching").body().contains("Edited body"));
    }

    @Test
    void a_page_still_listening_when_the_server_stops_sees_its_stream_end_and_nothing_is_logged() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.url("/dev/events"))).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> events = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        var reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        assertTrue(reader.readLine().startsWith(":"));
        course.lesson(2, "caching", "Caching", "Edited while a page listens", "single-server");
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder seen = new StringBuilder();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    seen.append(line).append('\n');
                }
                return seen.toString();
            } catch (java.io.IOException e) {
                return "closed: " + e;
            }
        });
        Thread.sleep(500);
        var err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            server.close();
            rest.get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
        } finally {
            System.setErr(original);
        }
        String logged = err.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains("WARN") || logged.contains("ERROR"), "stopping with an open stream logged:\n" + logged);
    }

    @Test
    void without_dev_mode_the_course_folder_is_still_watched_but_errors_stay_private() {
        server.close();
        server = TestServer.start(new ServerConfig(0, dir.resolve("data2"), course.root(), false));
        course.write("lessons/02-caching.md", "broken");
        assertFalse(server.get("/").body().contains("Lessons with problems"));
        assertFalse(server.get("/").body().contains("dev-reload.js"));
        waitUntil(() -> server.get("/lessons/caching").statusCode() == 404);
        assertEquals(404, server.get("/dev/events").statusCode());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
