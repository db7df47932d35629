package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With its database gone, the server says so: /ready is 503 (take the node out), /health stays 200
 * (the node itself is alive; restarting it would not help) and says degraded, and pages explain
 * instead of a bare 500.
 */
class DatabaseDownTest {
    @TempDir
    Path dir;

    @Test
    void health_and_pages_say_the_database_cannot_save() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            assertEquals(200, server.get("/health", "application/json").statusCode());
            var ready = server.get("/ready", "application/json");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"ready\":true"), ready.body());
            String token = server.csrfToken("");
            server.app().database().close();

            var health = server.get("/health", "application/json");
            assertEquals(200, health.statusCode(), "liveness: the process is alive: " + health.body());
            assertTrue(health.body().contains("\"status\":\"degraded\"") && health.body().contains("\"database\":\"unreachable\""),
                    health.body());
            var notReady = server.get("/ready", "application/json");
            assertEquals(503, notReady.statusCode(), notReady.body());
            assertTrue(notReady.body().contains("\"ready\":false") && notReady.body().contains("the database does not answer"),
                    "a load balancer takes the node out, and the body says why: " + notReady.body());

            HttpResponse<String> signUp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url("/signup")))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", Csrf.COOKIE + "=" + token)
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&email=ada%40example.com&name=Ada&password=a+long+passphrase+here"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, signUp.statusCode(), signUp.body());
            assertTrue(signUp.body().contains("cannot read or write its database"), signUp.body());
            assertTrue(signUp.body().contains("Nothing from this request was saved"), signUp.body());
        }
    }
}
