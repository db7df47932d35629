package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;

/**
 * An HTTP response: a status code, headers and a short body. The factories build the answers a
 * gateway gives itself, with the headers HTTP asks for: {@code WWW-Authenticate} on a 401,
 * {@code Retry-After} on a 429.
 *
 * <pre>{@code
 * exchange.respond(HttpResponse.unauthorized("token expired"));
 * exchange.respond(HttpResponse.tooManyRequests(2));     // 429, Retry-After: 2
 * }</pre>
 *
 * @param status the status code, 100 to 599
 * @param headers its headers
 * @param body a short text, such as the reason for a refusal
 */
@LearnerApi(allMembers = true)
public record HttpResponse(int status, Headers headers, String body) {
    /** Served. */
    public static final int OK = 200;
    /** No valid credentials: missing, malformed, forged or expired. */
    public static final int UNAUTHORIZED = 401;
    /** Valid credentials that do not allow this request. */
    public static final int FORBIDDEN = 403;
    /** No route for the path. */
    public static final int NOT_FOUND = 404;
    /** Over a rate limit; see {@code Retry-After}. */
    public static final int TOO_MANY_REQUESTS = 429;
    /** A backend failed or refused. */
    public static final int BAD_GATEWAY = 502;
    /** 500 Internal Server Error: the backend answered with an error. */
    public static final int INTERNAL_SERVER_ERROR = 500;
    /** No capacity: a backend's queue was full. */
    public static final int SERVICE_UNAVAILABLE = 503;
    /** No answer in time. */
    public static final int GATEWAY_TIMEOUT = 504;

    /** Checks the status and fills in empty headers and body. */
    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("an HTTP status is from 100 to 599, not " + status);
        }
        headers = headers == null ? Headers.none() : headers;
        body = body == null ? "" : body;
    }

    /**
     * Returns a response with a status and a body.
     *
     * @param status the status code
     * @param body a short text
     * @return the response
     */
    public static HttpResponse of(int status, String body) {
        return new HttpResponse(status, Headers.none(), body);
    }

    /**
     * Returns 200 OK with a body, as an origin serves content.
     *
     * @param body the content
     * @return the response
     */
    public static HttpResponse ok(String body) {
        return of(OK, body);
    }

    /**
     * Returns 401 Unauthorized with {@code WWW-Authenticate: Bearer}, for a request without valid
     * credentials.
     *
     * @param reason why, such as {@code "token expired"}
     * @return the response
     */
    public static HttpResponse unauthorized(String reason) {
        return new HttpResponse(UNAUTHORIZED,
                Headers.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), reason);
    }

    /**
     * Returns 403 Forbidden, for a valid identity that may not do this.
     *
     * @param reason why, such as {@code "needs scope orders:write"}
     * @return the response
     */
    public static HttpResponse forbidden(String reason) {
        return of(FORBIDDEN, reason);
    }

    /**
     * Returns 404 Not Found, for a path no route serves.
     *
     * @return the response
     */
    public static HttpResponse notFound() {
        return of(NOT_FOUND, "no route");
    }

    /**
     * Returns 429 Too Many Requests with {@code Retry-After}: how many whole seconds the client
     * should wait before it tries again (HTTP counts in whole seconds, so round up).
     *
     * @param retryAfterSeconds at least 1
     * @return the response
     */
    public static HttpResponse tooManyRequests(long retryAfterSeconds) {
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("Retry-After is a whole number of seconds, at least 1 (round up), not "
                    + retryAfterSeconds);
        }
        return new HttpResponse(TOO_MANY_REQUESTS, Headers.of("Retry-After", Long.toString(retryAfterSeconds)),
                "rate limit exceeded");
    }

    /**
     * Returns a copy with one more header.
     *
     * @param name the header's name
     * @param value its value
     * @return the new response
     */
    public HttpResponse withHeader(String name, String value) {
        return new HttpResponse(status, headers.with(name, value), body);
    }

    /**
     * Returns one header's value.
     *
     * @param name the name, in any case
     * @return the value, or {@code null}
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * Returns the directives of the {@code Cache-Control} header.
     *
     * @return them, {@link CacheControl#NONE} without the header
     */
    public CacheControl cacheControl() {
        return CacheControl.of(this);
    }

    /**
     * Returns whether the status is a success (2xx).
     *
     * @return {@code true} for 200 to 299
     */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return status + (body.isEmpty() ? "" : " " + body) + (headers.names().isEmpty() ? "" : " " + headers);
    }
}
