package dev.loadbearing.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed-in learner's progress and drafts over the JSON API, and a session that outlives its server. */
class ProgressApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DRAFT = "/api/exercises/lb-round-robin/draft";

    @TempDir
    static Path dir;
    static TestServer server;
    static String version;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        version = JSON.readTree(server.get("/api/exercises/lb-round-robin", "application/json").body()).get("version").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WebClient signedUp(String email) {
        var browser = new WebClient(server);
        assertEquals(303, browser.signUp(email, "Lin", AccountPagesTest.PASSWORD).statusCode());
        return browser;
    }

    @Test
    void guest_progress_and_drafts_posted_once_after_sign_up_are_kept_and_merged() throws Exception {
        var browser = signedUp("merge@example.com");
        String body = """
                {"done": {"quiz:load-balancing/slow-server": "2025-01-02T03:04:05Z", "exercise:lb-round-robin": "not a time"},
                 "drafts": [{"exercise": "lb-round-robin", "version": "%s", "files": {"RoundRobin.java": "class Mine {}"}},
                            {"exercise": "gone-exercise", "version": "v1", "files": {"X.java": "x"}},
                            {"exercise": "lb-round-robin", "version": "%s", "files": {"Evil.java": "x"}}]}
                """.formatted(version, version);
        var posted = browser.json("POST", "/api/me/progress", body, true);
        assertEquals(200, posted.statusCode(), posted.body());
        JsonNode answer = JSON.readTree(posted.body());
        assertEquals("2025-01-02T03:04:05Z", answer.at("/done/quiz:load-balancing~1slow-server").asText());
        assertTrue(answer.get("done").has("exercise:lb-round-robin"), "an unreadable time becomes now");
        assertEquals(1, answer.get("drafts_kept").asInt(), "drafts of unknown exercises or files are left behind");

        browser.json("POST", "/api/me/progress", "{\"done\": {\"quiz:load-balancing/slow-server\": \"2025-06-01T00:00:00Z\"}}", true);
        JsonNode progress = JSON.readTree(browser.getJson("/api/me/progress").body());
        assertEquals("2025-01-02T03:04:05Z", progress.at("/done/quiz:load-balancing~1slow-server").asText(), "the first time done is kept");

        JsonNode draft = JSON.readTree(browser.getJson(DRAFT).body());
        assertEquals(version, draft.get("version").asText());
        assertEquals("class Mine {}", draft.at("/files/RoundRobin.java").asText());
    }

    @Test
    void progress_keeps_only_items_of_the_course_so_made_up_keys_cannot_fill_the_database() throws Exception {
        var browser = signedUp("filler@example.com");
        var made = new StringBuilder("{\"done\": {\"quiz:load-balancing/slow-server\": null");
        for (int i = 0; i < 999; i++) {
            made.append(", \"exercise:made-up-").append(i).append("\": null, \"quiz:made-up/q").append(i).append("\": null");
        }
        made.append("}}");
        var posted = browser.json("POST", "/api/me/progress", made.toString(), true);
        assertEquals(200, posted.statusCode(), posted.body());
        JsonNode answer = JSON.readTree(posted.body());
        assertEquals(1998, answer.get("unknown").size(), "every made-up key is reported as not part of the course");
        JsonNode progress = JSON.readTree(browser.getJson("/api/me/progress").body()).get("done");
        assertEquals(1, progress.size(), "only the real quiz question is kept: " + progress);
        assertTrue(progress.has("quiz:load-balancing/slow-server"));
    }

    @Test
    void drafts_are_saved_read_and_deleted_per_account() throws Exception {
        var ada = signedUp("ada-drafts@example.com");
        var bob = signedUp("bob-drafts@example.com");
        assertTrue(JSON.readTree(ada.getJson(DRAFT).body()).get("files").isNull(), "no draft yet");
        String put = "{\"version\": \"" + version + "\", \"files\": {\"RoundRobin.java\": \"// Ada's code\"}}";
        assertEquals(204, ada.json("PUT", DRAFT, put, true).statusCode());
        assertEquals("// Ada's code", JSON.readTree(ada.getJson(DRAFT).body()).at("/files/RoundRobin.java").asText());
        assertTrue(JSON.readTree(bob.getJson(DRAFT).body()).get("files").isNull(), "drafts are per account");

        assertEquals(400, ada.json("PUT", DRAFT, "{\"version\": \"" + version + "\", \"files\": {\"Other.java\": \"x\"}}", true).statusCode());
        assertEquals(400, ada.json("PUT", DRAFT, "{\"files\": \"nope\"}", true).statusCode());
        assertEquals(413, ada.json("PUT", DRAFT, "{\"version\": \"" + version + "\", \"files\": {\"RoundRobin.java\": \""
                + "x".repeat(300 * 1024) + "\"}}", true).statusCode());
        assertEquals(404, ada.json("PUT", "/api/exercises/nope/draft", put, true).statusCode());
        assertEquals(400, ada.json("POST", "/api/me/progress", "{\"done\": {\"<script>\": \"x\"}}", true).statusCode());

        assertEquals(204, ada.json("DELETE", DRAFT, null, true).statusCode());
        assertTrue(JSON.readTree(ada.getJson(DRAFT).body()).get("files").isNull());
    }

    @Test
    void every_json_write_refuses_a_browser_request_without_the_csrf_header() {
        var browser = signedUp("csrf-json@example.com");
        String put = "{\"version\": \"" + version + "\", \"files\": {\"RoundRobin.java\": \"// mine\"}}";
        assertEquals(403, browser.json("POST", "/api/me/progress", "{\"done\": {\"exercise:lb-round-robin\": \"2025-01-01T00:00:00Z\"}}", false).statusCode());
        assertEquals(403, browser.json("PUT", DRAFT, put, false).statusCode());
        assertEquals(403, browser.json("DELETE", DRAFT, null, false).statusCode());
        assertTrue(browser.getJson("/api/me/progress").body().contains("\"done\":{}"), "nothing was recorded");
        assertEquals(204, browser.json("PUT", DRAFT, put, true).statusCode(), "with the header it works");
    }

    @Test
    void guests_get_401_from_the_account_api() {
        var guest = new WebClient(server);
        guest.get("/");
        assertEquals(401, guest.getJson("/api/me/progress").statusCode());
        assertEquals(401, guest.json("PUT", DRAFT, "{}", true).statusCode());
        assertEquals(401, guest.getJson(DRAFT).statusCode());
    }

    @Test
    void a_session_survives_a_server_restart_on_the_same_data_folder() throws Exception {
        Path data = dir.resolve("restart");
        String session;
        try (TestServer first = TestServer.start(data)) {
            var browser = new WebClient(first);
            assertEquals(303, browser.signUp("restart@example.com", "Ren", AccountPagesTest.PASSWORD).statusCode());
            session = browser.cookie(Sessions.COOKIE);
        }
        try (TestServer second = TestServer.start(data)) {
            var browser = new WebClient(second);
            browser.setCookie(Sessions.COOKIE, session);
            var page = browser.get("/account");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("restart@example.com"));
        }
    }
}
