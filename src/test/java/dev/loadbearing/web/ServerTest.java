package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.TestServer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server with the bundled course, over real HTTP. */
class ServerTest {
    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void HEAD_answers_as_GET_does_with_the_same_status_type_and_length_but_no_body() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        for (String path : new String[] {"/", "/lessons/load-balancing", "/static/css/site.css", "/api/lessons", "/no-such-page"}) {
            var get = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(path))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            var head = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(path)))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(get.statusCode(), head.statusCode(), path);
            assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
            assertEquals(String.valueOf(get.body().length), head.headers().firstValue("Content-Length").orElse("none"), path);
            assertEquals(0, head.body().length, path);
        }
    }

    @Test
    void GET_outline_lists_every_lesson_in_order_with_its_link_summary_and_time() {
        var response = server.get("/");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = response.body();
        int single = html.indexOf("href=\"/lessons/single-server\"");
        int balancing = html.indexOf("href=\"/lessons/load-balancing\"");
        int caching = html.indexOf("href=\"/lessons/caching\"");
        assertTrue(single > 0 && single < balancing && balancing < caching, "lessons in course order");
        assertTrue(html.contains("<span class=\"lesson-title\">Load balancing</span>"), html);
        assertTrue(Pattern.compile("<span class=\"lesson-minutes\"><span>\\d+ min</span>").matcher(html).find(), html);
        assertTrue(html.contains("class=\"lesson-summary\""));
    }

    @Test
    void GET_outline_shows_each_part_heading_before_its_first_lesson_and_numbers_lessons_through_the_parts() {
        String html = server.get("/").body();
        var lessons = server.app().catalog().lessons();
        var number = Pattern.compile("class=\"lesson-number\"[^>]*>(\\d+)<");
        int from = 0;
        int parts = 0;
        for (int i = 0; i < lessons.size(); i++) {
            var lesson = lessons.get(i);
            int at = html.indexOf("href=\"/lessons/" + lesson.id() + "\"", from);
            assertTrue(at > from, lesson.id() + " is listed after the lesson before it");
            if (!lesson.part().isEmpty()) {
                parts++;
                int heading = html.lastIndexOf("<h3 class=\"part-title\">" + lesson.part() + "</h3>", at);
                assertTrue(heading > from, "the heading '" + lesson.part() + "' stands between " + lesson.id() + " and the lesson before it");
            }
            var shown = number.matcher(html);
            assertTrue(shown.find(at), "a number for " + lesson.id());
            assertEquals(String.valueOf(i + 1), shown.group(1), lesson.id() + "'s number runs on across parts");
            from = at;
        }
        assertTrue(parts >= 2, "the bundled course is grouped into parts");
    }

    @Test
    void a_lesson_page_names_the_part_it_belongs_to_in_its_breadcrumb() {
        var lessons = server.app().catalog().lessons();
        var inPart = lessons.stream().filter(l -> !l.part().isEmpty()).skip(1).findFirst().orElseThrow();
        var after = lessons.get(lessons.indexOf(inPart) + 1);
        assertTrue(after.part().isEmpty(), after.id() + " continues " + inPart.id() + "'s part");
        String html = server.get("/lessons/" + after.id()).body();
        assertTrue(html.contains("<span>" + inPart.part() + "</span> › <span>Lesson " + (lessons.indexOf(after) + 1) + "</span>"), html);
    }

    @Test
    void GET_lesson_renders_its_markdown_with_a_table_of_contents_and_neighbours() {
        var response = server.get("/lessons/load-balancing");
        assertEquals(200, response.statusCode());
        String html = response.body();
        assertTrue(html.contains("<title>Load balancing · Loadbearing</title>"), "page title");
        assertTrue(html.contains("<h1>Load balancing</h1>"));
        assertTrue(html.contains("<nav class=\"toc\" aria-label=\"On this page\">"));
        assertTrue(html.contains("<pre class=\"mermaid\">"), "a diagram to draw");
        assertTrue(html.contains("<table>"), "a table");
        assertTrue(html.contains("class=\"alert alert-"), "an alert");
        assertTrue(html.contains("rel=\"prev\"") && html.contains("href=\"/lessons/" + server.app().catalog().lessons().get(
                server.app().catalog().lessons().stream().map(l -> l.id()).toList().indexOf("load-balancing") - 1).id() + "\""), "previous lesson link");
        var lessons = server.app().catalog().lessons();
        int here = lessons.indexOf(lessons.stream().filter(l -> l.id().equals("load-balancing")).findFirst().orElseThrow());
        assertTrue(html.contains("rel=\"next\"") && html.contains("href=\"/lessons/" + lessons.get(here + 1).id() + "\""), "next lesson link");
        Matcher toc = Pattern.compile("<a href=\"#([a-z0-9-]+)\">").matcher(html);
        assertTrue(toc.find(), "toc entries");
        assertTrue(html.contains("id=\"" + toc.group(1) + "\""), "toc links to a heading anchor");
    }

    @Test
    void lesson_pages_load_nothing_from_outside_the_server() {
        String html = server.get("/lessons/caching").body();
        Matcher sources = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        while (sources.find()) {
            String url = sources.group(1);
            boolean local = url.startsWith("/") || url.startsWith("#");
            boolean outboundLink = url.startsWith("http") && html.contains("<a href=\"" + url + "\"");
            assertTrue(local || outboundLink, "asset from outside the server: " + url);
        }
        var csp = server.get("/lessons/caching").headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'"), csp);
    }

    @Test
    void an_unknown_lesson_is_a_real_404_page() {
        var response = server.get("/lessons/no-such-thing");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("No such lesson"), response.body());
        assertTrue(response.body().contains("There is no lesson called &#39;no-such-thing&#39;"), response.body());
        assertTrue(response.body().contains("href=\"/\""), "a way back");
    }

    @Test
    void an_unknown_path_is_a_404_page_and_json_for_json_clients() throws Exception {
        var page = server.get("/nowhere");
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("Page not found"));
        var json = server.get("/nowhere", "application/json");
        assertEquals(404, json.statusCode());
        JsonNode body = new ObjectMapper().readTree(json.body());
        assertEquals(404, body.get("status").asInt());
        assertEquals("Page not found", body.get("error").asText());
    }

    @Test
    void user_input_in_a_path_is_escaped_on_error_pages() {
        var response = server.get("/lessons/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertEquals(404, response.statusCode());
        assertFalse(response.body().contains("<script>alert(1)"), response.body());
    }

    @Test
    void GET_health_reports_the_database_and_the_lessons() throws Exception {
        var response = server.get("/health", "application/json");
        assertEquals(200, response.statusCode());
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertEquals("ok", body.get("status").asText());
        assertEquals("ok", body.get("database").asText());
        assertTrue(body.get("lessons").asInt() >= 3);
        assertEquals(0, body.get("lesson_problems").asInt());
        assertEquals("not_started", body.get("grading").asText(), "a server that has not graded starts no workers");
    }

    @Test
    void static_assets_are_served_with_their_types() {
        var css = server.get("/static/css/site.css", "text/css");
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        var mermaid = server.get("/static/vendor/mermaid/mermaid.esm.min.mjs", "*/*");
        assertEquals(200, mermaid.statusCode());
        assertTrue(mermaid.headers().firstValue("Content-Type").orElse("").contains("javascript"),
                mermaid.headers().firstValue("Content-Type").orElse("none"));
    }
}
