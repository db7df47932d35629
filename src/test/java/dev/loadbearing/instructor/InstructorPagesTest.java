package dev.loadbearing.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestAccounts;
import dev.loadbearing.TestServer;
import dev.loadbearing.account.Role;
import dev.loadbearing.account.Sessions;
import dev.loadbearing.db.Database;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import dev.loadbearing.submission.StoredSubmission;
import dev.loadbearing.submission.SubmissionDao;
import dev.loadbearing.web.Csrf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instructor's pages over real HTTP: who may see them, what they show, and what they must never run. */
class InstructorPagesTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static String instructor;
    static String learner;
    static long hostileSubmission;
    /** A CSRF token good for this session, as its pages would carry it. */
    static String token(String session) {
        return server.csrfToken(Sessions.COOKIE + "=" + session);
    }
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final List<String> ROUTES = List.of("/instructor", "/instructor/grades.csv", "/instructor/exercises/lb-round-robin",
            "/instructor/submissions/1");

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(new ServerConfig(0, dir.resolve("data"), null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 0), GradingService.Settings.forServer()));
        Database db = server.app().database();
        var accounts = new TestAccounts(db);
        instructor = accounts.signIn(accounts.create("teacher@example.org", "Grace Teacher", Role.INSTRUCTOR));
        learner = accounts.signIn(accounts.create("mallory@example.org", "<script>alert('name')</script>", Role.LEARNER));

        String starter = Files.readString(Path.of("exercises/lb-round-robin/starter/RoundRobin.java"));
        String hostile = starter.replace("return backends.get(0);",
                "System.out.println(\"<img src=x onerror=alert('out')>\"); return backends.get(0); // </code></pre><script>alert('code')</script>");
        var response = post("/api/exercises/lb-round-robin/submissions",
                JSON.writeValueAsString(Map.of("files", Map.of("RoundRobin.java", hostile))), learner);
        assertEquals(200, response.statusCode(), response.body());
        hostileSubmission = db.dao(SubmissionDao.class).allSubmits().get(0).id();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, String session) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.url(path))).header("Accept", "text/html");
        if (session != null) {
            request.header("Cookie", Sessions.COOKIE + "=" + session);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String json, String session) throws Exception {
        String token = token(session);
        var request = HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", "application/json")
                .header("Cookie", Sessions.COOKIE + "=" + session + "; " + Csrf.COOKIE + "=" + token).header(Csrf.HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form whose {@code _csrf} field is {@code TOKEN} replaced by the session's cookie token. */
    static HttpResponse<String> postForm(String path, String form, String session) throws Exception {
        String token = token(session);
        var request = HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Sessions.COOKIE + "=" + session + "; " + Csrf.COOKIE + "=" + token)
                .POST(HttpRequest.BodyPublishers.ofString(form.replace("TOKEN", token)));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void guests_are_sent_to_sign_in_and_learners_refused_on_every_instructor_route() throws Exception {
        for (String route : ROUTES) {
            var guest = get(route, null);
            assertEquals(303, guest.statusCode(), route);
            assertTrue(guest.headers().firstValue("Location").orElseThrow().startsWith("/signin?next="), route);
            assertEquals(403, get(route, learner).statusCode(), route);
            assertEquals(200, get(route, instructor).statusCode(), route);
        }
        assertEquals(403, postForm("/instructor/exercises/lb-round-robin/regrade", "_csrf=TOKEN", learner).statusCode());
        var guestPost = CLIENT.send(HttpRequest.newBuilder(URI.create(server.url("/instructor/exercises/lb-round-robin/regrade")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("_csrf=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(guestPost.statusCode() == 401 || guestPost.headers().firstValue("Location").orElse("").startsWith("/signin"),
                "a guest cannot start a re-grade: " + guestPost.statusCode());
    }

    @Test
    void the_dashboard_shows_the_class_with_everything_a_learner_typed_escaped() throws Exception {
        String page = get("/instructor", instructor).body();
        assertTrue(page.contains("Class dashboard"));
        assertTrue(page.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"), "the name, escaped");
        assertFalse(page.contains("<script>alert('name')"), page);
        assertTrue(page.contains(">0 / 9</a>"), "the learner's best score links to the submission");
    }

    @Test
    void a_submission_shows_code_and_output_as_text_never_as_html() throws Exception {
        String page = get("/instructor/submissions/" + hostileSubmission, instructor).body();
        assertTrue(page.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(&#39;code&#39;)&lt;/script&gt;"), page);
        assertTrue(page.contains("&lt;img src=x onerror=alert(&#39;out&#39;)&gt;"), "the output, escaped");
        assertFalse(page.contains("<script>alert('code')"));
        assertFalse(page.contains("<img src=x"));
    }

    @Test
    void injected_parameters_find_nothing_and_break_nothing() throws Exception {
        assertEquals(400, get("/instructor/submissions/1%20OR%201=1", instructor).statusCode());
        assertEquals(404, get("/instructor/submissions/999999", instructor).statusCode());
        assertEquals(404, get("/instructor/exercises/x'%20OR%20'1'='1", instructor).statusCode());
        assertEquals(404, get("/instructor/exercises/lb-round-robin';DROP%20TABLE%20submission;--", instructor).statusCode());
        assertEquals(200, get("/instructor", instructor).statusCode(), "the tables are still there");
    }

    @Test
    void the_gradebook_downloads_as_csv_with_a_row_per_learner() throws Exception {
        var csv = get("/instructor/grades.csv", instructor);
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("loadbearing-grades.csv"));
        List<String> lines = csv.body().lines().toList();
        assertTrue(lines.get(0).startsWith("Name,Email,") && lines.get(0).endsWith(",Total")
                && lines.get(0).contains(",\"Round robin (lb-round-robin, max 9)\","), lines.get(0));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("<script>alert('name')</script>,mallory@example.org,")
                && line.contains(",0,") && line.endsWith(",0")), "the name stays text, with a 0 for Round robin and a total of 0: " + csv.body());
    }

    @Test
    void re_grading_needs_the_form_token_and_grades_every_submission_again() throws Exception {
        assertEquals(403, postForm("/instructor/exercises/lb-round-robin/regrade", "_csrf=forged", instructor).statusCode());
        var started = postForm("/instructor/exercises/lb-round-robin/regrade", "_csrf=TOKEN", instructor);
        assertEquals(303, started.statusCode(), started.body());
        SubmissionDao dao = server.app().database().dao(SubmissionDao.class);
        StoredSubmission before = dao.find(hostileSubmission).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String page;
        do {
            Thread.sleep(200);
            page = get("/instructor/exercises/lb-round-robin", instructor).body();
        } while (!page.contains("Last re-grade") && System.nanoTime() < deadline);
        assertTrue(page.contains("Last re-grade: 1 of 1 graded, 0 changed score."), page);
        StoredSubmission after = dao.find(hostileSubmission).orElseThrow();
        assertFalse(after.gradedAt().isBefore(before.gradedAt()), "graded again");
        assertEquals(before.score(), after.score());
    }
}
