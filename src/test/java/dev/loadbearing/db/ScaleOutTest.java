package dev.loadbearing.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.web.Csrf;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology of docs/OPERATIONS.md, for real: a PostgreSQL server, two nodes (each its own JVM)
 * and nginx in front. Learners sign up and submit through nginx, so their requests go to both
 * nodes; one node is killed with SIGKILL while it holds grading jobs. Every result a learner was
 * shown must be stored with the same verdict, every accepted submission must end graded (the jobs
 * the dead node held, by the survivor), and nobody is signed out by the death of a node.
 */
class ScaleOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXERCISE = "lb-round-robin";
    private static final int LEARNERS = 3;

    @TempDir
    Path dir;
    private final Topology topology = new Topology();

    record Ack(String learner, long submission, String status, int score) {}

    @AfterEach
    void killChildren() throws InterruptedException {
        topology.close();
    }

    @Test
    void two_nodes_behind_nginx_share_learners_and_grading_and_a_node_killed_mid_grading_loses_nothing() throws Exception {
        if (!Files.isExecutable(Topology.NGINX)) {
            String why = "no nginx at " + Topology.NGINX + ": install Debian's nginx package to run the scale-out test";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + why);
            }
            Assumptions.abort(why);
        }
        String url = PostgresCluster.shared().newDatabase();
        topology.smallCourse(dir.resolve("course"));
        Topology.Node a = topology.node("node-a", url, dir.resolve("a"), 3);
        Topology.Node b = topology.node("node-b", url, dir.resolve("b"), 3);
        int front = topology.nginx(dir.resolve("nginx"), a.port(), b.port());
        String starter = Files.readString(Path.of("exercises", EXERCISE, "starter", "RoundRobin.java"));
        String solution = Files.readString(Path.of("exercises", EXERCISE, "solution", "RoundRobin.java"));

        List<Topology.Learner> learners = new ArrayList<>();
        for (int i = 1; i <= LEARNERS; i++) {
            learners.add(Topology.Learner.signUp(front, "learner" + i + "@example.org"));
        }
        try (Database database = Database.open(url, 2)) {
            List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean killed = new AtomicBoolean();
            Map<String, Integer> afterKill = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (Topology.Learner learner : learners) {
                loops.add(CompletableFuture.runAsync(() -> {
                    for (int attempt = 0; !stop.get(); attempt++) {
                        // New code each time (a comment), so the result cache never answers: every one is graded.
                        String code = (attempt % 2 == 0 ? solution : starter) + "\n// " + learner.email + " attempt " + attempt + "\n";
                        HttpResponse<String> response;
                        try {
                            response = learner.submit(code, EXERCISE, "RoundRobin.java");
                        } catch (IOException | InterruptedException e) {
                            continue;
                        }
                        if (response.statusCode() != 200) {
                            continue; // the node died under it (502), or turned away: never acknowledged
                        }
                        JsonNode result = read(response.body());
                        acks.add(new Ack(learner.email, result.get("submission_id").asLong(), result.get("status").asText(),
                                result.get("score").asInt()));
                        if (killed.get()) {
                            afterKill.merge(learner.email, 1, Integer::sum);
                        }
                    }
                }));
            }

            // Kill node A the moment it holds a grading job, once learners have seen a few results.
            Set<Long> heldByTheDead = new TreeSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!killed.get()) {
                if (System.nanoTime() > deadline) {
                    fail("node A never held a job after " + acks.size() + " results; its output:\n" + a.output());
                }
                List<Long> held = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id FROM submission WHERE status = 'pending' AND lease_owner = 'node-a'").mapTo(Long.class).list());
                if (acks.size() >= 4 && !held.isEmpty()) {
                    a.process().destroyForcibly();
                    killed.set(true);
                }
                Thread.sleep(20);
            }
            assertTrue(a.process().waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, a.process().exitValue(), "node A died of SIGKILL");
            // What it held when it died (a job it finished in the moment before is not among them). Its
            // 3 s leases have not run out yet, so node B has taken none of them.
            heldByTheDead.addAll(database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT id FROM submission WHERE status = 'pending' AND lease_owner = 'node-a'").mapTo(Long.class).list()));
            assertFalse(heldByTheDead.isEmpty(), "node A was killed while grading, so it died holding a job");
            // The learners carry on through nginx: every one of them is served by the survivor, still signed in.
            long carryOn = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (learners.stream().anyMatch(l -> afterKill.getOrDefault(l.email, 0) < 2)) {
                if (System.nanoTime() > carryOn) {
                    fail("after the kill the learners got " + afterKill + " results; node B's output:\n" + b.output());
                }
                Thread.sleep(100);
            }
            stop.set(true);
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(150, TimeUnit.SECONDS);

            long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int pending;
            while ((pending = count(database, "SELECT COUNT(*) FROM submission WHERE status = 'pending'")) > 0) {
                if (System.nanoTime() > drained) {
                    fail(pending + " submissions still pending two minutes on; node B's output:\n" + b.output());
                }
                Thread.sleep(200);
            }

            List<Map<String, Object>> rows = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT s.id, a.email, s.status, s.score, s.graded_by, s.grading_attempts FROM submission s"
                            + " LEFT JOIN account a ON s.learner = CONCAT('user-', CAST(a.id AS VARCHAR(20))) ORDER BY s.id")
                    .mapToMap().list());
            Map<Long, Map<String, Object>> byId = rows.stream().collect(Collectors.toMap(r -> ((Number) r.get("id")).longValue(), r -> r));
            for (Ack ack : acks) {
                Map<String, Object> row = byId.get(ack.submission());
                assertTrue(row != null, "the acknowledged submission " + ack + " is stored");
                assertEquals(ack.learner(), row.get("email"), "stored under the account of the learner who sent it: " + row);
                assertEquals(ack.status(), row.get("status"), "the verdict shown is the verdict kept: " + row);
                assertEquals(ack.score(), ((Number) row.get("score")).intValue(), "and the score: " + row);
            }
            for (Map<String, Object> row : rows) {
                assertFalse(row.get("email") == null, "every submission belongs to a signed-in learner (no node lost a session): " + row);
                assertFalse("pending".equals(row.get("status")), "every accepted submission ends graded: " + row);
            }
            for (long id : heldByTheDead) {
                Map<String, Object> row = byId.get(id);
                assertEquals("node-b", row.get("graded_by"), "the job node A held when it died was graded by node B: " + row);
                assertTrue(((Number) row.get("grading_attempts")).intValue() >= 2, "taken twice: " + row);
            }
            Set<Object> graders = rows.stream().map(r -> r.get("graded_by")).filter(g -> g != null).collect(Collectors.toSet());
            assertEquals(Set.of("node-a", "node-b"), graders, "both nodes graded: nothing was sticky to one of them");
            System.out.printf("scale-out: %d submissions, %d acknowledged, %d held by the killed node and graded by the survivor%n",
                    rows.size(), acks.size(), heldByTheDead.size());
        }
    }

    private static int count(Database database, String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

}
