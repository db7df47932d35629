package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.ServerConfig;
import dev.loadbearing.TestServer;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.WorkerPool;
import dev.loadbearing.db.Topology;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator running nodes behind a proxy relies on: the client address and request id are
 * taken from trusted proxies only, /metrics is there for a local scraper and nobody else, and a
 * draining node says so on /ready while it still serves.
 */
class OperationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNS = "/api/exercises/lb-round-robin/runs";

    @TempDir
    Path dir;

    /** One grading per learner at once, so an address may have 10 (the ceiling for a classroom behind one NAT). */
    private ServerConfig config(String name, ServerConfig.Operations ops) {
        return new ServerConfig(0, dir.resolve(name), null, false, SandboxMode.AUTO,
                new WorkerPool.Settings(1, 0, 200, 0), new GradingService.Settings(8, 20_000, 1, 1, 100)).withOperations(ops);
    }

    /** A Run by a new browser (a new guest each time), sent as if nginx forwarded it for {@code client}. */
    private static HttpResponse<String> run(TestServer server, String files, String client) {
        String token = server.csrfToken("");
        return server.postJson(RUNS, files, "Cookie", Csrf.COOKIE + "=" + token, Csrf.HEADER, token, "X-Forwarded-For", client);
    }

    @Test
    void the_address_limit_counts_the_client_a_trusted_proxy_names_and_ignores_the_header_from_anyone_else() throws Exception {
        String files = JSON.writeValueAsString(Map.of("files", Map.of("RoundRobin.java",
                Files.readString(Path.of("exercises/lb-round-robin/starter/RoundRobin.java")))));
        try (TestServer behindNginx = TestServer.start(config("trusted", ServerConfig.Operations.DEFAULTS))) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, run(behindNginx, files, "203.0.113.7").statusCode(), "grading " + (i + 1) + " of the classroom's 10");
            }
            assertEquals(429, run(behindNginx, files, "203.0.113.7").statusCode(), "the 11th from that classroom waits");
            assertEquals(200, run(behindNginx, files, "203.0.113.8").statusCode(),
                    "another client behind the same proxy (loopback is trusted by default) has its own limit");
            assertEquals(200, run(behindNginx, files, "203.0.113.9, 127.0.0.1").statusCode(),
                    "a chain of proxies: the last address no trusted proxy added is the client");
        }
        try (TestServer exposed = TestServer.start(config("untrusted", new ServerConfig.Operations(null, 0, "none", null, 0)))) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, run(exposed, files, "198.51.100." + i).statusCode());
            }
            HttpResponse<String> forged = run(exposed, files, "198.51.100.99");
            assertEquals(429, forged.statusCode(),
                    "trusting nobody, a made-up X-Forwarded-For does not buy a fresh limit: all 11 came from 127.0.0.1");
        }
    }

    @Test
    void a_submit_that_outwaits_the_grading_wait_is_accepted_and_its_verdict_is_written_where_the_answer_points() throws Exception {
        // One grader, busy with code that never returns; a Submit behind it may wait 1 s.
        try (TestServer server = TestServer.start(config("wait", new ServerConfig.Operations(null, 0, null, null, 0, 1_000)))) {
            int port = URI.create(server.url("/")).getPort();
            String solution = Files.readString(Path.of("exercises/lb-round-robin/solution/RoundRobin.java"));
            String hangs = Files.readString(Path.of("exercises/lb-round-robin/starter/RoundRobin.java"))
                    .replace("return backends.get(0);", "long spins = 0;\n        while (backends != null) { spins++; }\n"
                            + "        return backends.get((int) (spins % 2));");
            Topology.Learner stuck = Topology.Learner.guest(port, "stuck");
            Topology.Learner waiting = Topology.Learner.guest(port, "waiting");
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return stuck.submit(hangs, "lb-round-robin", "RoundRobin.java");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long stored = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (JSON.readTree(stuck.get("/api/exercises/lb-round-robin/submissions").body()).path("total").asInt() < 1) {
                assertTrue(System.nanoTime() < stored, "the first submission was never stored");
                Thread.sleep(20);
            }

            long sent = System.nanoTime();
            HttpResponse<String> accepted = waiting.submit(solution, "lb-round-robin", "RoundRobin.java");
            long waitedMs = (System.nanoTime() - sent) / 1_000_000;
            assertEquals(202, accepted.statusCode(), "the grader is busy for seconds, so the answer comes first: " + accepted.body());
            assertTrue(waitedMs < 5_000, "after the 1 s grading wait, not the exercise's whole time: " + waitedMs + " ms");
            var body = JSON.readTree(accepted.body());
            assertEquals("queued", body.path("status").asText());
            assertTrue(body.path("message").asText().startsWith("Still grading"), body.toString());
            String self = body.path("links").path("self").asText();
            assertEquals("/api/submissions/" + body.path("submission_id").asLong(), self);
            assertEquals(self, accepted.headers().firstValue("Location").orElse(""));
            assertEquals(404, stuck.get(self).statusCode(), "another learner cannot read it");

            long graded = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            var attempt = JSON.readTree(waiting.get(self).body());
            while ("pending".equals(attempt.path("status").asText())) {
                assertTrue(System.nanoTime() < graded, "the accepted submission was never graded: " + attempt);
                Thread.sleep(200);
                attempt = JSON.readTree(waiting.get(self).body());
            }
            assertEquals("passed", attempt.path("status").asText(), attempt.toString());
            assertEquals(attempt.path("max_score").asInt(), attempt.path("result").path("score").asInt(),
                    "the whole result is there, as the Submit would have shown it");
            assertTrue(attempt.path("result").path("tests").size() > 0, attempt.toString());
            var firstAnswer = JSON.readTree(first.get(60, TimeUnit.SECONDS).body());
            var hung = JSON.readTree(stuck.get("/api/submissions/" + firstAnswer.path("submission_id").asLong()).body());
            assertEquals("timeout", hung.path("status").asText(), "the code that never returns was stopped: " + hung);
        }
    }

    @Test
    void request_ids_come_from_a_trusted_proxy_or_are_made_up_and_metrics_are_for_a_local_scraper_only() throws Exception {
        try (TestServer server = TestServer.start(config("metrics", ServerConfig.Operations.DEFAULTS))) {
            HttpResponse<String> passed = server.get("/health", "application/json", "X-Request-Id", "nginx-4f2a");
            assertEquals("nginx-4f2a", passed.headers().firstValue("X-Request-Id").orElse(""), "nginx's id is kept");
            HttpResponse<String> hostile = server.get("/health", "application/json", "X-Request-Id", "bad id; with spaces and {braces}");
            String made = hostile.headers().firstValue("X-Request-Id").orElse("");
            assertTrue(made.matches("[0-9a-f]{16}"), "an id that could break a log line is replaced: " + made);
            assertNotEquals(made, server.get("/health", "application/json").headers().firstValue("X-Request-Id").orElse(""));
            server.get("/lessons/load-balancing");
            server.get("/no/such/page/" + System.nanoTime());

            HttpResponse<String> scrape = server.get("/metrics", "text/plain");
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String text = scrape.body();
            assertTrue(text.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"} 3"),
                    "three health checks, by route and status:\n" + grep(text, "http_server"));
            assertTrue(text.contains("route=\"/lessons/{id}\",status=\"200\""), "the lesson page by its route template:\n" + grep(text, "http_server"));
            assertTrue(text.contains("route=\"unmatched\",status=\"404\""), "unknown paths fold into one series:\n" + grep(text, "http_server"));
            assertFalse(text.contains("/no/such/page"), "never a raw path");
            assertTrue(text.contains("loadbearing_grading_queue_depth 0.0"), grep(text, "loadbearing_grading"));
            assertTrue(text.contains("jvm_memory_used_bytes"), "and the JVM's own");

            assertEquals(404, server.get("/metrics", "text/plain", "X-Forwarded-For", "203.0.113.7").statusCode(),
                    "relayed by a proxy (from the internet), /metrics does not exist");
        }
    }

    @Test
    void a_draining_node_says_not_ready_while_it_still_serves_then_stops() throws Exception {
        TestServer server = TestServer.start(config("drain", new ServerConfig.Operations(null, 0, null, null, 2)));
        assertEquals(200, server.get("/ready", "application/json").statusCode());
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        HttpResponse<String> ready;
        do {
            ready = server.get("/ready", "application/json");
        } while (ready.statusCode() == 200 && System.nanoTime() < deadline);
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("the node is stopping"), ready.body());
        assertEquals(200, server.get("/lessons/load-balancing").statusCode(), "while draining, learners already here are still served");
        assertEquals(200, server.get("/health", "application/json").statusCode(), "and it is alive");
        stopping.get(60, TimeUnit.SECONDS);
    }

    private static String grep(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).reduce("", (a, b) -> a + b + "\n");
    }
}
