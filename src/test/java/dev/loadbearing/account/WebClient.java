package dev.loadbearing.account;

import dev.loadbearing.TestServer;
import dev.loadbearing.web.Csrf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A browser without JavaScript: keeps cookies, does not follow redirects, posts forms with the page's CSRF field. */
final class WebClient {
    private final TestServer server;
    /** The cookie jar, kept by hand: one host, and the JDK's CookieManager renames "localhost". */
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    WebClient(TestServer server) {
        this.server = server;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).header("Accept", "text/html").GET());
    }

    HttpResponse<String> getJson(String path) {
        return send(request(path).header("Accept", "application/json").GET());
    }

    /** Posts a form with this browser's CSRF token in the hidden field, fetching a page first when it has none. */
    HttpResponse<String> form(String path, String... fields) {
        if (cookie(Csrf.COOKIE) == null) {
            get("/signin");
        }
        var all = new ArrayList<>(List.of(Csrf.FIELD, cookie(Csrf.COOKIE)));
        all.addAll(List.of(fields));
        return formWithoutToken(path, all.toArray(String[]::new));
    }

    /** Posts exactly these fields, as another site's form would. */
    HttpResponse<String> formWithoutToken(String path, String... fields) {
        var body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A JSON call as the page's scripts make it: with the token header when {@code withToken}. */
    HttpResponse<String> json(String method, String path, String body, boolean withToken) {
        var request = request(path).header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withToken && cookie(Csrf.COOKIE) != null) {
            request.header(Csrf.HEADER, cookie(Csrf.COOKIE));
        }
        return send(request);
    }

    HttpResponse<String> signUp(String email, String name, String password) {
        get("/signup");
        return form("/signup", "email", email, "name", name, "password", password);
    }

    HttpResponse<String> signIn(String email, String password) {
        get("/signin");
        return form("/signin", "email", email, "password", password);
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    /** Carries this browser's cookies over from another one (the same browser, sent to another node). */
    void copyCookiesFrom(WebClient other) {
        cookies.putAll(other.cookies);
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        try {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                var cookie = HttpCookie.parse(header).get(0);
                if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
