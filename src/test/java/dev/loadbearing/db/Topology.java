package dev.loadbearing.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The scale-out topology of docs/OPERATIONS.md on one machine, for the scale-out test and
 * benchmark: nodes ({@code loadbearing serve} in their own JVMs) on a shared PostgreSQL, nginx in
 * front, and learners who sign up and submit through it. Closing it kills what it started.
 */
public final class Topology implements AutoCloseable {
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVING = Pattern.compile("on http://localhost:(\\d+)/");
    private static final String PASSWORD = "correct horse battery staple";
    private final List<Process> children = Collections.synchronizedList(new ArrayList<>());

    /**
     * Starts a node named {@code name} on the PostgreSQL database (or, when it is null, on the
     * embedded database in {@code data}), with a grading lease of that many seconds.
     */
    public Node node(String name, String database, Path data, int leaseSeconds) throws Exception {
        return Node.start(children, name, database, data, leaseSeconds, course);
    }

    private Path course;

    /**
     * Serves, from now on, a course of one lesson (the load-balancing lesson's id, embedding
     * lb-round-robin) instead of the bundled course: a node then starts in seconds, since it has no
     * live simulations to compile and check, and the exercise the learners submit is the same.
     */
    public Topology smallCourse(Path dir) throws IOException {
        var fixture = new dev.loadbearing.CourseFixture(dir);
        fixture.lesson(8, "load-balancing", "Load balancing", "## Round robin\n\nTake turns.\n\n```exercise lb-round-robin\n```\n");
        Path source = Path.of("exercises", "lb-round-robin");
        try (var files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve("exercises").resolve("lb-round-robin").resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        course = fixture.root();
        return this;
    }

    /** Starts nginx on a free loopback port in front of the nodes on these ports, round robin; returns its port. */
    public int nginx(Path home, int... ports) throws Exception {
        Files.createDirectories(home);
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
                %2$s    }
                    server {
                        listen 127.0.0.1:%3$d;
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
                """.formatted(home, java.util.Arrays.stream(ports).mapToObj(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=10s;\n")
                        .collect(Collectors.joining()), port);
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

    @Override
    public void close() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** {@code loadbearing serve} in its own JVM on the shared PostgreSQL, with a short grading lease. */
    public record Node(Process process, int port, StringBuffer log) {
        static Node start(List<Process> children, String name, String database, Path data, int leaseSeconds, Path course)
                throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var command = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                    "dev.loadbearing.Main", "serve", "--port", "0", "--data", data.toString(), "--node", name,
                    "--grading-lease", String.valueOf(leaseSeconds)));
            if (database != null) {
                command.addAll(List.of("--database", database));
            }
            if (course != null) {
                command.addAll(List.of("--course", course.toString()));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            children.add(process);
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

        public String output() {
            return log.toString();
        }
    }

    /**
     * A browser: its cookies (session or guest id, CSRF) and, for a guest, the CSRF token from a
     * page's meta tag; signed up with an account ({@link #signUp}) or a guest ({@link #guest}).
     */
    public static final class Learner {
        private static final Pattern META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
        /** The learner's email, or a guest's name in the test. */
        public final String email;
        final int port;
        final Map<String, String> cookies = new ConcurrentHashMap<>();
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        /** The page's CSRF token; null: the CSRF cookie's. */
        private String token;

        private Learner(String email, int port) {
            this.email = email;
            this.port = port;
        }

        public static Learner signUp(int port, String email) throws Exception {
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

        /** A guest who opened the load-balancing lesson, whose page carries the CSRF token. */
        public static Learner guest(int port, String name) throws Exception {
            Learner learner = new Learner(name, port);
            HttpResponse<String> page = learner.send(HttpRequest.newBuilder(learner.uri("/lessons/load-balancing"))
                    .header("Accept", "text/html"));
            Matcher meta = META.matcher(page.body());
            assertTrue(meta.find(), "the lesson page carries a CSRF token");
            learner.token = meta.group(1);
            return learner;
        }

        /** The guest id the server gave this browser with its first submission. */
        public String guestId() {
            String guest = cookies.get("lb_learner");
            if (guest == null) {
                throw new AssertionError(email + " never got a guest id; its cookies: " + cookies);
            }
            return guest;
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        public HttpResponse<String> submit(String code, String exercise, String file) throws IOException, InterruptedException {
            String body = JSON.writeValueAsString(Map.of("files", Map.of(file, code)));
            return send(HttpRequest.newBuilder(uri("/api/exercises/" + exercise + "/submissions"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header(Csrf.HEADER, token != null ? token : cookies.getOrDefault(Csrf.COOKIE, "")).timeout(Duration.ofSeconds(150))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** GETs a page or an API answer as this browser, with its cookies. */
        public HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").timeout(Duration.ofSeconds(30)));
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
