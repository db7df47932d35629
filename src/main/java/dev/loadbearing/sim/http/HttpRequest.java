package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.server.Client;
import java.util.Objects;

/**
 * An HTTP request as a gateway receives it: who sent it, the method, the path and the headers.
 *
 * @param id its number, unique within a run
 * @param client who sent it (name and IP address)
 * @param method {@code GET}, {@code POST}, ...
 * @param path the URL path, starting with {@code /}, without the query string
 * @param headers its headers
 * @param sentAt when the client sent it, in nanoseconds of virtual time
 */
@LearnerApi(allMembers = true)
public record HttpRequest(long id, Client client, String method, String path, Headers headers, long sentAt) {

    /** Checks the parts: a method, and a path that starts with {@code /}. */
    public HttpRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(headers, "headers");
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("a request needs a method such as GET");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a request path starts with '/', not " + path);
        }
    }

    /**
     * Returns one header's value.
     *
     * @param name the header's name, in any case
     * @return its value, or {@code null} if absent
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * Returns a copy with other headers, as a proxy passes a request on with headers removed or
     * added: {@code request.withHeaders(request.headers().without("Proxy-Authorization"))}.
     *
     * @param changed the headers of the copy
     * @return the new request, with the same id, client, method, path and time
     */
    public HttpRequest withHeaders(Headers changed) {
        return new HttpRequest(id, client, method, path, changed, sentAt);
    }

    /**
     * Returns the token of an {@code Authorization: Bearer <token>} header, unchecked: anyone can
     * write anything there, so verify it with a {@link TokenVerifier} before trusting it.
     *
     * @return the token, or {@code null} without a bearer authorization header
     */
    public String bearerToken() {
        String authorization = headers.get("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    @Override
    public String toString() {
        return method + " " + path + " #" + id + " from " + client.name();
    }
}
