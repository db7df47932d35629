package dev.loadbearing.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: the server runs as a child JVM, learners submit through the HTTP API, and the
 * process is killed with SIGKILL ({@link Process#destroyForcibly()} on Linux) the moment a
 * learner has been shown a result, while other gradings are still in flight. After a restart on
 * the same data folder every result a learner was shown must be there with the same verdict, and
 * every submission the server accepted must end graded.
 */
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXERCISE = "lb-round-robin";
    private static final int LEARNERS = 3;
    /** Results shown before the kill: enough that several were written moments before it. */
    private static final int ACKS_BEFORE_KILL = 5;

    @TempDir
    Path dir;
    private final Topology topology = new Topology();

    /** What one learner was told: the n-th of their submissions got this verdict. */
    record Ack(String learner, int attempt, String status, int score) {}

    @AfterEach
    void killChildren() throws InterruptedException {
        topology.close();
    }

    @Test
    void every_result_shown_survives_kill_9_and_every_accepted_submission_ends_graded() throws Exception {
        Path data = dir.resolve("data");
        String starter = Files.readString(Path.of("exercises", EXERCISE, "starter", "RoundRobin.java"));
        String solution = Files.readString(Path.of("exercises", EXERCISE, "solution", "RoundRobin.java"));

        topology.smallCourse(dir.resolve("course"));
        Topology.Node first = topology.node("node", null, data, 30);
        List<Topology.Learner> learners = new ArrayList<>();
        for (int i = 1; i <= LEARNERS; i++) {
            learners.add(Topology.Learner.guest(first.port(), "learner-" + i));
        }
        // How many of each learner's submissions the server answered with a result (touched under the acks lock).
        Map<String, Integer> accepted = new HashMap<>();
        List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger shown = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch killedNow = new CountDownLatch(1);
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (Topology.Learner learner : learners) {
            loops.add(CompletableFuture.runAsync(() -> {
                for (int attempt = 0; !killed.get(); attempt++) {
                    // Each attempt is new code (a comment), so the result cache never answers it:
                    // every one is a real grading. Passing and failing code alternate.
                    String code = (attempt % 2 == 0 ? solution : starter) + "\n// " + learner.email + " attempt " + attempt + "\n";
                    HttpResponse<String> response;
                    try {
                        response = learner.submit(code, EXERCISE, "RoundRobin.java");
                    } catch (IOException | InterruptedException e) {
                        return; // the server died under this request: it was never acknowledged
                    }
                    if (response.statusCode() != 200) {
                        continue; // turned away (rate limit, busy): nothing was stored
                    }
                    JsonNode result = read(response.body());
                    synchronized (acks) {
                        if (killed.get()) {
                            return;
                        }
                        acks.add(new Ack(learner.email, accepted.merge(learner.email, 1, Integer::sum) - 1, result.get("status").asText(), result.get("score").asInt()));
                        if (shown.incrementAndGet() == ACKS_BEFORE_KILL) {
                            // SIGKILL right after a learner saw a result, with the others' gradings in flight.
                            killed.set(true);
                            first.process().destroyForcibly();
                            killedNow.countDown();
                        }
                    }
                }
            }));
        }
        assertTrue(killedNow.await(240, TimeUnit.SECONDS), "the learners were shown " + shown.get() + " results in four minutes; "
                + "server output:\n" + first.output());
        assertTrue(first.process().waitFor(30, TimeUnit.SECONDS), "the killed server exited");
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(137, first.process().exitValue(), "the server died of SIGKILL, not a clean shutdown");

        Topology.Node second = topology.node("node", null, data, 30);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        int pending;
        while ((pending = pendingGradings(second.port())) > 0) {
            if (System.nanoTime() > deadline) {
                fail(pending + " submissions still pending three minutes after the restart; server output:\n" + second.output());
            }
            Thread.sleep(250);
        }
        second.process().destroy(); // SIGTERM: a clean stop, so the test can open the database itself
        assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "the restarted server stops on SIGTERM");

        try (Database database = Database.open(data)) {
            String everything = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT learner, id, status FROM submission ORDER BY id").mapToMap().list()).toString();
            for (Topology.Learner learner : learners) {
                List<Map<String, Object>> rows = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, status, score, LEFT(result, 300) AS result FROM submission WHERE learner = :learner AND exercise_id = :exercise ORDER BY id")
                        .bind("learner", learner.guestId()).bind("exercise", EXERCISE).mapToMap().list());
                List<Ack> told = acks.stream().filter(a -> a.learner().equals(learner.email)).toList();
                assertTrue(rows.size() >= told.size() && rows.size() <= told.size() + 1,
                        learner.email + " (" + learner.guestId() + ") was shown " + told + ", and " + rows.size() + " submissions are stored: " + rows
                        + "\nall: " + everything);
                for (Ack ack : told) {
                    Map<String, Object> row = rows.get(ack.attempt());
                    assertEquals(ack.status(), row.get("status"), learner.email + "'s attempt " + ack.attempt() + " changed verdict: " + rows
                            + "\nfirst run:\n" + first.output() + "\nsecond run:\n" + second.output());
                    assertEquals(ack.score(), ((Number) row.get("score")).intValue(), learner.email + "'s attempt " + ack.attempt());
                }
                for (Map<String, Object> row : rows) {
                    assertTrue(!"pending".equals(row.get("status")), "every accepted submission ends graded: " + rows);
                }
            }
        }
    }

    private static int pendingGradings(int port) throws IOException, InterruptedException {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return read(health.body()).get("pending_gradings").asInt();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
