package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestAccounts;
import dev.loadbearing.TestServer;
import dev.loadbearing.account.Role;
import dev.loadbearing.account.Sessions;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a script does with its stored attempts: link an answer to its attempt, read it back, list them in pages. */
class AttemptsApiTest {
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

    /** A browser or script with its own cookies, which reads the CSRF token as a script would. */
    static final class Client {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

        Client() {}

        Client(String session) {
            cookies.getCookieStore().add(URI.create(server.url("/")), cookie(Sessions.COOKIE, session));
        }

        private static HttpCookie cookie(String name, String value) {
            HttpCookie cookie = new HttpCookie(name, value);
            cookie.setPath("/");
            return cookie;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String json) throws Exception {
            JsonNode csrf = JSON.readTree(get("/api/csrf").body());
            return http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header(csrf.get("header").asText(), csrf.get("token").asText())
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode submit(String kind, String code) throws Exception {
            var response = post(EXERCISE + "/" + kind, JSON.writeValueAsString(Map.of("files", Map.of("RoundRobin.java", code))));
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body());
        }
    }

    @Test
    void health_says_when_the_grading_workers_are_warm() throws Exception {
        long until = System.nanoTime() + 120_000_000_000L;
        String state;
        do {
            state = JSON.readTree(server.get("/health", "application/json").body()).get("grading").asText();
            assertTrue(state.equals("warming") || state.equals("warm"), state);
            Thread.sleep(50);
        } while (!state.equals("warm") && System.nanoTime() < until);
        assertEquals("warm", state);
    }

    @Test
    void an_answer_carries_its_attempt_id_and_the_attempt_reads_back_with_its_code_and_verdict() throws Exception {
        var learner = new Client();
        JsonNode answer = learner.submit("submissions", solution);
        long id = answer.get("submission_id").asLong();
        assertTrue(id > 0, answer.toString());
        String self = answer.get("links").get("self").asText();
        assertEquals("/api/submissions/" + id, self);

        var read = learner.get(self);
        assertEquals(200, read.statusCode(), read.body());
        JsonNode attempt = JSON.readTree(read.body());
        assertEquals(id, attempt.get("id").asLong());
        assertEquals("submit", attempt.get("mode").asText());
        assertEquals(answer.get("status").asText(), attempt.get("status").asText());
        assertEquals(answer.get("score").asInt(), attempt.get("score").asInt());
        assertEquals(solution, attempt.get("files").get("RoundRobin.java").asText());
        assertEquals(answer.get("tests").size(), attempt.get("result").get("tests").size());
        assertFalse(attempt.has("learner"), "a learner's own attempt does not echo their key");

        assertEquals(404, new Client().get(self).statusCode(), "another browser cannot read it");
        assertEquals(404, learner.get("/api/submissions/999999").statusCode());
        assertEquals(404, learner.get("/api/submissions/abc").statusCode());
    }

    @Test
    void attempts_list_newest_first_in_pages_with_links_to_the_next() throws Exception {
        var learner = new Client();
        List<Long> ids = new ArrayList<>();
        ids.add(learner.submit("runs", starter).get("submission_id").asLong());
        ids.add(learner.submit("runs", starter + "\n// second").get("submission_id").asLong());
        ids.add(learner.submit("submissions", solution).get("submission_id").asLong());

        JsonNode first = JSON.readTree(learner.get(EXERCISE + "/submissions?per_page=2").body());
        assertEquals(3, first.get("total").asInt());
        assertEquals(List.of(ids.get(2), ids.get(1)), List.of(first.get("attempts").get(0).get("id").asLong(),
                first.get("attempts").get(1).get("id").asLong()));
        assertEquals("passed", first.get("attempts").get(0).get("status").asText());
        assertEquals("run", first.get("attempts").get(1).get("mode").asText());
        String next = first.get("links").get("next").asText();
        JsonNode second = JSON.readTree(learner.get(next).body());
        assertEquals(1, second.get("attempts").size());
        assertEquals(ids.get(0), second.get("attempts").get(0).get("id").asLong());
        assertFalse(second.get("links").has("next"));

        assertEquals(0, JSON.readTree(new Client().get(EXERCISE + "/submissions").body()).get("total").asInt());
        assertEquals(400, learner.get(EXERCISE + "/submissions?per_page=1000").statusCode());
        assertEquals(400, learner.get(EXERCISE + "/submissions?page=0").statusCode());
        assertEquals(404, learner.get("/api/exercises/nope/submissions").statusCode());
        assertEquals(403, learner.get(EXERCISE + "/submissions?learner=guest-x").statusCode(),
                "a learner cannot list someone else's attempts");
    }

    @Test
    void an_instructor_reads_any_learners_attempts_and_sees_whose_they_are() throws Exception {
        var accounts = new TestAccounts(server.app().database());
        var ada = accounts.create("ada-attempts@example.org", "Ada", Role.LEARNER);
        var learner = new Client(accounts.signIn(ada));
        long id = learner.submit("submissions", starter).get("submission_id").asLong();
        var teacher = new Client(accounts.signIn(accounts.create("teacher-attempts@example.org", "Grace", Role.INSTRUCTOR)));

        JsonNode attempt = JSON.readTree(teacher.get("/api/submissions/" + id).body());
        assertEquals(ada.learnerKey(), attempt.get("learner").asText());
        assertEquals("failed", attempt.get("status").asText());
        JsonNode list = JSON.readTree(teacher.get(EXERCISE + "/submissions?learner=" + ada.learnerKey()).body());
        assertEquals(id, list.get("attempts").get(0).get("id").asLong());
        var other = new Client(accounts.signIn(accounts.create("bob-attempts@example.org", "Bob", Role.LEARNER)));
        assertEquals(404, other.get("/api/submissions/" + id).statusCode(), "a learner never reads another's code");
    }
}
