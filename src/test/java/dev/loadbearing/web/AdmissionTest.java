package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import dev.loadbearing.submission.ExerciseService;
import dev.loadbearing.submission.StoredSubmission;
import dev.loadbearing.submission.SubmissionDao;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who is turned away, and what that costs: the limit is the learner's own, with a much higher
 * ceiling per address, and a refused submission is never stored.
 */
class AdmissionTest {
    @TempDir
    Path dir;
    TestServer server;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RUNS = "/api/exercises/lb-round-robin/runs";
    String files;

    @BeforeEach
    void start() throws Exception {
        files = JSON.writeValueAsString(Map.of("files", Map.of("RoundRobin.java",
                Files.readString(Path.of("exercises/lb-round-robin/starter/RoundRobin.java")))));
        // Two gradings at once per learner, then two a minute: a third one at once is refused.
        server = TestServer.start(new ServerConfig(0, dir.resolve("data"), null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 0), new GradingService.Settings(8, 20_000, 2, 2, 100)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> run(String guest) {
        return post(RUNS, guest);
    }

    /** Posts the starter as this guest's browser would, with its page's CSRF token. */
    HttpResponse<String> post(String path, String guest) {
        String token = server.csrfToken(Learners.COOKIE + "=guest-" + guest);
        String cookie = Learners.COOKIE + "=guest-" + guest + "; " + Csrf.COOKIE + "=" + token;
        return server.postJson(path, files, "Cookie", cookie, Csrf.HEADER, token);
    }

    /** Stores graded attempts directly, as if the learner had sent them long ago. */
    void storeGraded(String guest, String mode, int count) {
        var dao = server.app().database().dao(SubmissionDao.class);
        for (int i = 0; i < count; i++) {
            long id = dao.start("guest-" + guest, "lb-round-robin", mode, "{}", "v0");
            dao.record(id, "failed", 0, 3, "{}", "v0");
        }
    }

    static String guest(int n) {
        return String.format("%032x", n);
    }

    int stored(String guest) {
        return server.app().database().dao(SubmissionDao.class).attempts("guest-" + guest, "lb-round-robin").size();
    }

    @Test
    void a_refused_submission_is_never_stored_and_learners_behind_one_address_are_limited_apart() {
        String ada = guest(1);
        String bob = guest(2);
        assertEquals(200, run(ada).statusCode());
        var second = run(ada);
        assertEquals(200, second.statusCode());
        var refused = run(ada);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(2, stored(ada), "the refused attempt left no row behind");

        var other = run(bob);
        assertEquals(200, other.statusCode(), "another learner on the same address is not throttled by Ada: " + other.body());
        assertEquals(1, stored(bob));
        assertEquals(id(second) + 1, id(other), "no row was even written and deleted for the refused attempt");
    }

    static long id(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).get("submission_id").asLong();
        } catch (java.io.IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    @Test
    void one_address_minting_guests_meets_a_ceiling_ten_times_a_learners_limit() {
        int admitted = 0;
        long started = System.nanoTime();
        HttpResponse<String> last = null;
        for (int n = 100; n < 130 && (last == null || last.statusCode() == 200); n++) {
            last = run(guest(n));
            if (last.statusCode() == 200) {
                admitted++;
            }
        }
        assertEquals(429, last.statusCode(), "an address cannot grade without bound by changing its guest id");
        // 20 at once (2 per learner, times 10), and the ceiling refills at 20 a minute while the loop runs.
        double refilled = (System.nanoTime() - started) / 1e9 * 20 / 60;
        assertTrue(admitted >= 20 && admitted <= 20 + Math.ceil(refilled),
                "admitted " + admitted + " guests from one address before its ceiling; expected 20 + " + refilled + " refilled");
    }

    @Test
    void runs_keep_only_the_newest_hundred_and_submits_stop_at_a_clear_limit() {
        String ada = guest(7);
        storeGraded(ada, "RUN", ExerciseService.RUNS_KEPT);
        var dao = server.app().database().dao(SubmissionDao.class);
        long oldest = dao.attempts("guest-" + ada, "lb-round-robin").stream().mapToLong(StoredSubmission::id).min().orElseThrow();
        var run = run(ada);
        assertEquals(200, run.statusCode(), run.body());
        var runs = dao.attempts("guest-" + ada, "lb-round-robin");
        assertEquals(ExerciseService.RUNS_KEPT, runs.size(), "a new Run replaces the oldest once a hundred are kept");
        assertTrue(runs.stream().noneMatch(s -> s.id() == oldest), "the oldest Run is the one deleted");
        assertTrue(runs.stream().anyMatch(s -> s.id() == id(run)), "the new Run is kept");

        storeGraded(ada, "SUBMIT", ExerciseService.SUBMITS_KEPT);
        var full = post("/api/exercises/lb-round-robin/submissions", ada);
        assertEquals(409, full.statusCode(), full.body());
        assertTrue(full.body().contains("submitted Round robin 300 times, the most one learner can store"), full.body());
        assertEquals(ExerciseService.SUBMITS_KEPT, dao.submits("guest-" + ada, "lb-round-robin"), "nothing was stored");
        assertEquals(200, run(ada).statusCode(), "Run still works for a learner at the Submit limit");
    }
}
