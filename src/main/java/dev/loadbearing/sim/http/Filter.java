package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * One step of a gateway's pipeline: authentication, rate limiting, routing. A filter looks at a
 * request and decides, through the {@link Exchange}, exactly once: pass it to the next filter
 * ({@link Exchange#next()}), answer it here ({@link Exchange#respond(HttpResponse)}), or send it
 * to a backend ({@link Exchange#forward(String)}). It may decide at once or later, in the
 * callback of a call to a shared store.
 *
 * <pre>{@code
 * Filter requireKey = (request, exchange) -> {
 *     if (request.header("X-Api-Key") == null) {
 *         exchange.respond(HttpResponse.unauthorized("no API key"));
 *     } else {
 *         exchange.next();
 *     }
 * };
 * }</pre>
 */
@LearnerApi
@FunctionalInterface
public interface Filter {
    /**
     * Handles a request: call exactly one of {@code exchange.next()}, {@code respond} or
     * {@code forward}, now or later.
     *
     * @param request the request
     * @param exchange where the decision goes
     */
    @LearnerApi
    void handle(HttpRequest request, Exchange exchange);
}
