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
    private static final Pattern SERVING = Pattern.compile("on http://localhost:(\\d+)/");
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    private final List<Process> children = Collections.synchronizedList(new ArrayList<>());

    record Ack(String learner, long submission, String status, int score) {}

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void two_nodes_behind_nginx_share_learners_and_grading_and_a_node_killed_mid_grading_loses_nothing() throws Exception {
        if (!Files.isExecutable(NGINX)) {
            String why = "no nginx at " + NGINX + ": install Debian's nginx package to run the scale-out test";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + why);
            }
            Assumptions.abort(why);
        }
        String url = PostgresCluster.shared().newDatabase();
        Node a = Node.start(this, "node-a", url, dir.resolve("a"));
        Node b = Node.start(this, "node-b", url, dir.resolve("b"));
        int front = startNginx(a.port, b.port);
        String starter = Files.readString(Path.of("exercises", EXERCISE, "starter", "RoundRobin.java"));
        String solution = Files.readString(Path.of("exercises", EXERCISE, "solution", "RoundRobin.java"));

        List<Learner> learners = new ArrayList<>();
        for (int i = 1; i <= LEARNERS; i++) {
            learners.add(Learner.signUp(front, "learner" + i + "@example.org"));
        }
        try (Database database = Database.open(url, 2)) {
            List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean killed = new AtomicBoolean();
            Map<String, Integer> afterKill = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (Learner learner : learners) {
                loops.add(CompletableFuture.runAsync(() -> {
                    for (int attempt = 0; !stop.get(); attempt++) {
                        // New code each time (a comment), so the result cache never answers: every one is graded.
                        String code = (attempt % 2 == 0 ? solution : starter) + "\n// " + learner.email + " attempt " + attempt + "\n";
                        HttpResponse<String> response;
                        try {
                            response = learner.submit(code);
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
                    a.process.destroyForcibly();
                    killed.set(true);
                }
                Thread.sleep(20);
            }
            assertTrue(a.process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, a.process.exitValue(), "node A died of SIGKILL");
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

    private int startNginx(int first, int second) throws Exception {
        Path home = Files.createDirectories(dir.resolve("nginx"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String conf = """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream loadbearing {
                        server 127.0.0.1:%2$d max_fails=1 fail_timeout=10s;
                        server 127.0.0.1:%3$d max_fails=1 fail_timeout=10s;
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        client_max_body_size 1m;
                        location / {
                            proxy_pass http://loadbearing;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_set_header X-Request-Id $request_id;
                            proxy_read_timeout 120s;
                        }
                    }
                }
                """.formatted(home, first, second, port);
        Path file = home.resolve("nginx.conf");
        Files.writeString(file, conf);
        Process nginx = new ProcessBuilder(NGINX.toString(), "-p", home.toString(), "-c", file.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(home.resolve("out.log").toFile()).start();
        children.add(nginx);
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                var health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return port;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!nginx.isAlive() || System.nanoTime() > deadline) {
                fail("nginx did not start: " + Files.readString(home.resolve("out.log"))
                        + (Files.exists(home.resolve("error.log")) ? Files.readString(home.resolve("error.log")) : ""));
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** {@code loadbearing serve} in its own JVM on the shared PostgreSQL, with a short grading lease. */
    private record Node(Process process, int port, StringBuffer log) {
        static Node start(ScaleOutTest test, String name, String database, Path data) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                    "dev.loadbearing.Main", "serve", "--port", "0", "--data", data.toString(), "--database", database,
                    "--node", name, "--grading-lease", "3")
                    .redirectErrorStream(true).start();
            test.children.add(process);
            var log = new StringBuffer();
            var port = new CompletableFuture<Integer>();
            Thread reader = new Thread(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        log.append(line).append('\n');
                        Matcher serving = SERVING.matcher(line);
                        if (serving.find()) {
                            port.complete(Integer.parseInt(serving.group(1)));
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
                port.completeExceptionally(new IllegalStateException(name + " exited before serving:\n" + log));
            }, name + "-output");
            reader.setDaemon(true);
            reader.start();
            return new Node(process, port.get(180, TimeUnit.SECONDS), log);
        }

        String output() {
            return log.toString();
        }
    }

    /** A browser behind nginx: its cookies (session, CSRF), signed up with an account. */
    private static final class Learner {
        final String email;
        final int port;
        final Map<String, String> cookies = new ConcurrentHashMap<>();
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        private Learner(String email, int port) {
            this.email = email;
            this.port = port;
        }

        static Learner signUp(int port, String email) throws Exception {
            Learner learner = new Learner(email, port);
            learner.send(HttpRequest.newBuilder(learner.uri("/signup")).header("Accept", "text/html"));
            String token = Optional.ofNullable(learner.cookies.get(Csrf.COOKIE)).orElseThrow(() -> new AssertionError("no CSRF cookie"));
            String form = Map.of(Csrf.FIELD, token, "email", email, "name", email.substring(0, email.indexOf('@')), "password", PASSWORD)
                    .entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            HttpResponse<String> signedUp = learner.send(HttpRequest.newBuilder(learner.uri("/signup"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertEquals(303, signedUp.statusCode(), "signed up through nginx: " + signedUp.body());
            assertTrue(learner.cookies.containsKey("lb_session"), "with a session: " + learner.cookies);
            return learner;
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        HttpResponse<String> submit(String code) throws IOException, InterruptedException {
            String body = JSON.writeValueAsString(Map.of("files", Map.of("RoundRobin.java", code)));
            return send(HttpRequest.newBuilder(uri("/api/exercises/" + EXERCISE + "/submissions"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header(Csrf.HEADER, cookies.getOrDefault(Csrf.COOKIE, "")).timeout(Duration.ofSeconds(150))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            return response;
        }
    }
}
