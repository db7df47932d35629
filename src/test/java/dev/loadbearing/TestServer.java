package dev.loadbearing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real server on a free port with its own data folder, and a client for it. */
public final class TestServer implements AutoCloseable {
    private final App app;
    private boolean closed;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(App app) {
        this.app = app;
    }

    /** Serves the bundled course. */
    public static TestServer start(Path dataDir) {
        return start(new ServerConfig(0, dataDir, null, false));
    }

    public static TestServer start(ServerConfig config) {
        return new TestServer(App.create(config).start());
    }

    public String url(String path) {
        return "http://localhost:" + app.port() + path;
    }

    public HttpResponse<String> get(String path) {
        return get(path, "text/html");
    }

    public HttpResponse<String> get(String path, String accept, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", accept).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** POSTs JSON with extra headers given as name, value pairs. */
    public HttpResponse<String> postJson(String path, String json, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /**
     * A CSRF token good for a browser with these cookies (a guest id, a session), as its pages
     * would get it: {@code GET /api/csrf}. Send it as the {@code lb_csrf} cookie and the header.
     */
    public String csrfToken(String cookies) {
        var response = cookies.isEmpty() ? get("/api/csrf", "application/json") : get("/api/csrf", "application/json", "Cookie", cookies);
        var matcher = java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !matcher.find()) {
            throw new IllegalStateException("GET /api/csrf answered " + response.statusCode() + ": " + response.body());
        }
        return matcher.group(1);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public App app() {
        return app;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            app.close();
        }
    }
}
