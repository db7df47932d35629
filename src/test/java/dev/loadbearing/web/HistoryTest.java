package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import dev.loadbearing.db.Database;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import dev.loadbearing.submission.StoredSubmission;
import dev.loadbearing.submission.SubmissionDao;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempts are kept: stored before grading, finished after a crash, listed, shown and compared. */
class HistoryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GUEST = "guest-" + "b".repeat(32);
    static final String COOKIE = Learners.COOKIE + "=" + GUEST;
    @TempDir
    Path dir;

    static ServerConfig config(Path data) {
        return new ServerConfig(0, data, null, false, SandboxMode.AUTO, new WorkerPool.Settings(1, 0, 200, 0), GradingService.Settings.forServer());
    }

    static String files(String code) throws Exception {
        return JSON.writeValueAsString(Map.of("files", Map.of("RoundRobin.java", code)));
    }

    @Test
    void a_submission_left_pending_by_a_crash_is_graded_at_the_next_start() throws Exception {
        Path data = dir.resolve("data");
        String solution = Files.readString(Path.of("exercises/lb-round-robin/solution/RoundRobin.java"));
        long id;
        try (Database db = Database.open(data)) {
            // What a crash between storing and grading leaves behind.
            id = db.dao(SubmissionDao.class).start(GUEST, "lb-round-robin", "SUBMIT",
                    JSON.writeValueAsString(Map.of("RoundRobin.java", solution)), "old-version");
        }
        try (TestServer server = TestServer.start(config(data))) {
            server.app().warmUp();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            StoredSubmission stored;
            do {
                Thread.sleep(200);
                try (Database db = Database.open(data)) {
                    stored = db.dao(SubmissionDao.class).find(id).orElseThrow();
                }
            } while (stored.status().equals(StoredSubmission.PENDING) && System.nanoTime() < deadline);
            assertEquals("passed", stored.status(), "graded after the restart");
            assertEquals(stored.maxScore(), stored.score());
            assertFalse("old-version".equals(stored.exerciseVersion()), "graded with the current tests");
            assertTrue(server.get("/exercises/lb-round-robin/history", "text/html", "Cookie", COOKIE).body().contains("Best submission"));
        }
    }

    @Test
    void a_learner_sees_their_attempts_the_code_of_one_and_what_changed_but_never_another_learners() throws Exception {
        String starter = Files.readString(Path.of("exercises/lb-round-robin/starter/RoundRobin.java"));
        String solution = Files.readString(Path.of("exercises/lb-round-robin/solution/RoundRobin.java"));
        try (TestServer server = TestServer.start(config(dir.resolve("data")))) {
            String token = server.csrfToken(COOKIE);
            String withToken = COOKIE + "; " + Csrf.COOKIE + "=" + token;
            assertEquals(200, server.postJson("/api/exercises/lb-round-robin/runs", files(starter), "Cookie", withToken, Csrf.HEADER, token).statusCode());
            assertEquals(200, server.postJson("/api/exercises/lb-round-robin/submissions", files(solution), "Cookie", withToken, Csrf.HEADER, token).statusCode());

            String page = server.get("/exercises/lb-round-robin/history", "text/html", "Cookie", COOKIE).body();
            assertTrue(page.contains("Best submission: <strong>9 / 9 points</strong>"), page);
            List<String> ids = ids(page);
            assertEquals(2, ids.size(), page);

            String shown = server.get("/exercises/lb-round-robin/history?show=" + ids.get(1), "text/html", "Cookie", COOKIE).body();
            assertTrue(shown.contains("return backends.get(0);"), "the starter's code is shown");
            assertTrue(shown.contains("✗"), "with its failing tests");

            String diff = server.get("/exercises/lb-round-robin/history?from=" + ids.get(1) + "&to=" + ids.get(0), "text/html", "Cookie", COOKIE).body();
            assertTrue(diff.contains("<span class=\"diff-remove\">-         return backends.get(0);</span>"), diff);
            assertTrue(diff.contains("class=\"diff-add\""), diff);

            String stranger = Learners.COOKIE + "=guest-" + "c".repeat(32);
            assertEquals(404, server.get("/exercises/lb-round-robin/history?show=" + ids.get(0), "text/html", "Cookie", stranger).statusCode());
            assertFalse(server.get("/exercises/lb-round-robin/history", "text/html", "Cookie", stranger).body().contains("View</a>"));
            assertEquals(400, server.get("/exercises/lb-round-robin/history?show=abc", "text/html", "Cookie", COOKIE).statusCode());
            assertEquals(404, server.get("/exercises/nope/history", "text/html").statusCode());
        }
    }

    private static List<String> ids(String page) {
        Matcher m = Pattern.compile("history\\?show=(\\d+)\">View").matcher(page);
        var ids = new java.util.ArrayList<String>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
