package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exercise API over real HTTP, graded by the real sandbox. */
class ExerciseApiTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String EXERCISE = "/api/exercises/lb-round-robin";
    static String starter;
    static String solution;

    @BeforeAll
    static void start() throws Exception {
        starter = Files.readString(Path.of("exercises/lb-round-robin/starter/RoundRobin.java"));
        solution = Files.readString(Path.of("exercises/lb-round-robin/solution/RoundRobin.java"));
        server = TestServer.start(new ServerConfig(0, dir.resolve("data"), null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 1), GradingService.Settings.forServer()));
        server.app().warmUp();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String files(String code) throws Exception {
        return JSON.writeValueAsString(Map.of("files", Map.of("RoundRobin.java", code)));
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void GET_lessons_lists_the_course_with_its_exercises_and_quizzes() throws Exception {
        JsonNode lessons = json(server.get("/api/lessons", "application/json"));
        assertEquals("single-server", lessons.get(0).get("id").asText());
        JsonNode balancing = null;
        for (JsonNode lesson : lessons) {
            balancing = "load-balancing".equals(lesson.get("id").asText()) ? lesson : balancing;
        }
        assertTrue(balancing != null, lessons.toString());
        assertEquals("load-balancing", balancing.get("id").asText());
        assertEquals("/lessons/load-balancing", balancing.get("url").asText());
        assertEquals("lb-round-robin", balancing.get("exercises").get(0).asText());
        assertEquals("load-balancing", balancing.get("quizzes").get(0).asText());
    }

    @Test
    void GET_exercise_gives_the_starter_and_never_the_solution_or_tests() throws Exception {
        var response = server.get(EXERCISE, "application/json");
        assertEquals(200, response.statusCode());
        JsonNode body = json(response);
        assertEquals("Round robin", body.get("title").asText());
        assertEquals("RoundRobin.java", body.get("files").get(0).get("name").asText());
        assertEquals(starter, body.get("files").get(0).get("content").asText());
        assertTrue(body.get("hints").asInt() >= 2);
        assertEquals("after_passing", body.get("solution").get("policy").asText());
        assertFalse(body.get("solution").get("available").asBoolean());
        assertFalse(response.body().contains("Math.floorMod"), "nothing of the reference solution");
        assertFalse(response.body().contains("@Test"), "nothing of the tests");
    }

    @Test
    void running_the_starter_fails_with_a_message_that_teaches() throws Exception {
        var response = server.postJson(EXERCISE + "/runs", files(starter));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("failed", body.get("status").asText());
        assertEquals(0, body.get("score").asInt());
        JsonNode first = body.get("tests").get(0);
        assertEquals("failed", first.get("status").asText());
        assertTrue(first.get("message").asText().contains("round robin gives each of"), first.toString());
        assertFalse(body.get("tests").findValuesAsText("hidden").contains("true"), "Run shows only visible tests");
    }

    @Test
    void submitting_the_solution_passes_every_test_and_unlocks_the_solution_for_that_browser_only() throws Exception {
        String guest = Learners.COOKIE + "=guest-" + "0123456789abcdef0123456789abcdef";
        String token = server.csrfToken(guest);
        String cookie = guest + "; " + Csrf.COOKIE + "=" + token;
        var response = server.postJson(EXERCISE + "/submissions", files(solution), "Cookie", cookie, Csrf.HEADER, token);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("passed", body.get("status").asText(), response.body());
        assertEquals(body.get("max_score").asInt(), body.get("score").asInt());
        assertTrue(body.get("tests").size() > 3, "hidden tests ran too");
        assertTrue(body.get("solution_available").asBoolean());

        var unlocked = server.get(EXERCISE + "/solution", "application/json", "Cookie", cookie);
        assertEquals(200, unlocked.statusCode(), unlocked.body());
        assertEquals(solution, json(unlocked).get("files").get(0).get("content").asText());

        var stranger = server.get(EXERCISE + "/solution", "application/json", "Cookie", Learners.COOKIE + "=guest-" + "f".repeat(32));
        assertEquals(403, stranger.statusCode());
        assertTrue(json(stranger).get("message").asText().contains("unlocks once your submission passes"));
        assertEquals(403, server.get(EXERCISE + "/solution", "application/json").statusCode());
    }

    @Test
    void hints_come_one_by_one_by_number() throws Exception {
        JsonNode first = json(server.get(EXERCISE + "/hints/1", "application/json"));
        assertEquals(1, first.get("number").asInt());
        assertTrue(first.get("html").asText().contains("<p>"));
        assertEquals(404, server.get(EXERCISE + "/hints/99", "application/json").statusCode());
    }

    @Test
    void bad_requests_get_a_status_and_a_message() throws Exception {
        assertError(404, server.get("/api/exercises/nope", "application/json"));
        assertError(404, server.postJson("/api/exercises/nope/runs", files(starter)));
        assertError(400, server.postJson(EXERCISE + "/runs", "not json"));
        assertError(400, server.postJson(EXERCISE + "/runs", "{\"files\": {}}"));
        assertError(400, server.postJson(EXERCISE + "/runs", "{\"files\": {\"RoundRobin.java\": 42}}"));
        var other = server.postJson(EXERCISE + "/runs", JSON.writeValueAsString(Map.of("files", Map.of("Secret.java", "class Secret {}"))));
        assertError(400, other);
        assertTrue(json(other).get("message").asText().contains("the files you edit are RoundRobin.java"));
        assertError(413, server.postJson(EXERCISE + "/runs", files("// " + "x".repeat(200_000))));
    }

    @Test
    void a_learner_who_grades_too_fast_is_told_when_to_come_back_and_a_full_queue_says_busy() throws Exception {
        var strict = new GradingService.Settings(0, 5_000, 2, 2, 100);
        try (TestServer limited = TestServer.start(new ServerConfig(0, dir.resolve("strict"), null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 0), strict))) {
            String guest = Learners.COOKIE + "=guest-" + "a".repeat(32);
            String token = limited.csrfToken(guest);
            String cookie = guest + "; " + Csrf.COOKIE + "=" + token;
            // Two slow gradings at once: one runs, the queue holds none, so the other is turned away.
            String slow = starter.replace("return backends.get(0);", "while (true) { }");
            var first = CompletableFuture.supplyAsync(() -> limited.postJson(EXERCISE + "/runs", uncheckedFiles(slow + "\n// 1"), "Cookie", cookie, Csrf.HEADER, token));
            Thread.sleep(1_500);
            var second = limited.postJson(EXERCISE + "/runs", files(slow + "\n// 2"));
            assertError(503, second);
            assertTrue(second.headers().firstValue("Retry-After").isPresent());
            assertEquals("timeout", json(first.get()).get("status").asText());

            // The limit is the learner's own: two at once (the slow one and this one), then 2 a minute.
            assertEquals(200, limited.postJson(EXERCISE + "/runs", files(starter + "\n// 3"), "Cookie", cookie, Csrf.HEADER, token).statusCode());
            var third = limited.postJson(EXERCISE + "/runs", files(starter + "\n// 4"), "Cookie", cookie, Csrf.HEADER, token);
            assertError(429, third);
            assertTrue(Integer.parseInt(third.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        }
    }

    private static String uncheckedFiles(String code) {
        try {
            return files(code);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertError(int status, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(status, body.get("status").asInt());
        assertFalse(body.get("message").asText().isBlank());
    }
}
