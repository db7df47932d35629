package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.CourseFixture;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quizzes embedded in a lesson, and the answer API, over real HTTP. */
class QuizApiTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ANSWERS = "/api/quizzes/lb/questions/slow-server/answers";

    @BeforeAll
    static void start() {
        var course = new CourseFixture(dir.resolve("course"));
        course.lesson(1, "load-balancing", "Load balancing", "## Algorithms\n\nText.\n\n```quiz lb\n```\n\n```quiz nowhere\n```\n");
        course.write("lessons/quizzes/lb.yaml", CourseFixture.QUIZ);
        server = TestServer.start(new ServerConfig(0, dir.resolve("data"), course.root(), false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_lesson_page_shows_the_questions_but_never_which_answer_is_right() {
        String html = server.get("/lessons/load-balancing").body();
        assertTrue(html.contains("<h3 class=\"quiz-title\" id=\"quiz-lb\">Load balancing check</h3>"), html);
        assertTrue(html.contains("Question 1 of 2"));
        assertTrue(html.contains("Question 2 of 2 · choose all that apply"));
        assertTrue(html.contains("type=\"radio\" name=\"choice-lb-slow-server\" value=\"1\""));
        assertTrue(html.contains("type=\"checkbox\" name=\"choice-lb-stateless\""));
        assertFalse(html.contains("correct"), "no hint of the right answers in the page");
        assertFalse(html.contains("stay open"), "no explanations before answering");
        assertTrue(html.contains("The quiz nowhere is not available yet."), "a missing quiz is a notice, not a broken page");
        assertTrue(html.contains("data-progress-items=\"quiz:lb/slow-server quiz:lb/stateless\""), html);
    }

    @Test
    void a_missing_quiz_is_reported_with_the_line_of_its_block() {
        var problems = server.app().catalog().problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("lessons/01-load-balancing.md:16: the lesson embeds quiz 'nowhere', but there is no lessons/quizzes/nowhere.yaml",
                problems.get(0).toString());
    }

    @Test
    void POST_a_wrong_answer_says_why_it_is_wrong() throws Exception {
        var response = server.postJson(ANSWERS, "{\"choices\": [0]}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertFalse(body.get("correct").asBoolean());
        assertEquals(1, body.get("feedback").size());
        assertTrue(body.get("feedback").get(0).get("explanation").asText().contains("never looks at how long"));
    }

    @Test
    void POST_the_right_answer_explains_every_choice() throws Exception {
        JsonNode body = JSON.readTree(server.postJson(ANSWERS, "{\"choices\": [1]}").body());
        assertTrue(body.get("correct").asBoolean());
        assertEquals(2, body.get("feedback").size());
    }

    @Test
    void bad_requests_get_json_errors_with_a_status() throws Exception {
        assertError(400, server.postJson(ANSWERS, "not json"));
        assertError(400, server.postJson(ANSWERS, "{}"));
        assertError(400, server.postJson(ANSWERS, "{\"choices\": [7]}"));
        assertError(404, server.postJson("/api/quizzes/lb/questions/nope/answers", "{\"choices\": [0]}"));
        assertError(404, server.postJson("/api/quizzes/nope/questions/slow-server/answers", "{\"choices\": [0]}"));
    }

    @Test
    void a_browser_request_needs_the_page_token_and_a_script_without_cookies_does_not() throws Exception {
        var page = server.get("/lessons/load-balancing");
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(Csrf.COOKIE + "="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        Matcher meta = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">").matcher(page.body());
        assertTrue(meta.find(), "the page carries the token");
        assertEquals(token, meta.group(1));

        String cookieHeader = Csrf.COOKIE + "=" + token;
        assertError(403, server.postJson(ANSWERS, "{\"choices\": [1]}", "Cookie", cookieHeader));
        assertError(403, server.postJson(ANSWERS, "{\"choices\": [1]}", "Cookie", cookieHeader, Csrf.HEADER, "forged"));
        assertEquals(200, server.postJson(ANSWERS, "{\"choices\": [1]}", "Cookie", cookieHeader, Csrf.HEADER, token).statusCode());
        assertEquals(200, server.postJson(ANSWERS, "{\"choices\": [1]}").statusCode(), "a script sends no cookie and needs no token");
    }

    private static void assertError(int status, java.net.http.HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.get("status").asInt());
        assertFalse(body.get("message").asText().isBlank());
    }
}
