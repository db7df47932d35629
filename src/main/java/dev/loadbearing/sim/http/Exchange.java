package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One request's way through a {@link Gateway}: each {@link Filter} in turn gets the exchange and
 * decides exactly once, by {@link #next()}, {@link #respond(HttpResponse)} or
 * {@link #forward(String)}; each filter gets its own exchange. Deciding twice in one filter is an
 * error; a request nobody answers
 * gets 504 when the gateway's timeout runs out, and a decision after that is ignored.
 */
@LearnerApi
public final class Exchange {
    /** What every filter's exchange of one request shares: where it went and how it ended. */
    static final class Flow {
        final Gateway gateway;
        final HttpRequest request;
        final long receivedAt;
        final Consumer<Exchange> listener;
        long timeoutEvent;
        String backend;
        HttpRequest sent;
        HttpResponse response;
        long answeredAt = -1;
        String answeredBy;

        Flow(Gateway gateway, HttpRequest request, long receivedAt, Consumer<Exchange> listener) {
            this.gateway = gateway;
            this.request = request;
            this.receivedAt = receivedAt;
            this.listener = listener;
        }
    }

    private final Flow flow;
    private final int stage;
    private boolean decided;

    Exchange(Flow flow, int stage) {
        this.flow = flow;
        this.stage = stage;
    }

    /**
     * Returns the request.
     *
     * @return the request
     */
    @LearnerApi
    public HttpRequest request() {
        return flow.request;
    }

    /**
     * Returns the simulation's clock: the time to use for expiry, buckets and windows.
     *
     * @return nanoseconds of virtual time
     */
    @LearnerApi
    public long now() {
        return flow.gateway.sim().now();
    }

    /** Passes the request to the next filter; after the last one the gateway answers 404. */
    @LearnerApi
    public void next() {
        decide("next");
        if (flow.response == null) {
            flow.gateway.runStage(new Exchange(flow, stage + 1));
        }
    }

    /**
     * Answers the request here, without a backend.
     *
     * @param answer the response, such as {@code HttpResponse.tooManyRequests(1)}
     */
    @LearnerApi
    public void respond(HttpResponse answer) {
        Objects.requireNonNull(answer, "response");
        decide("respond");
        finish(answer, flow.gateway.filterName(stage));
    }

    /**
     * Sends the request to a backend; its answer (200, or 502/503/504 when it fails) becomes the
     * response.
     *
     * @param backendName a backend of the gateway
     * @throws IllegalArgumentException if the gateway has no such backend
     */
    @LearnerApi
    public void forward(String backendName) {
        flow.gateway.checkBackend(backendName);
        decide("forward");
        if (flow.response == null) {
            flow.backend = backendName;
            flow.gateway.send(this, backendName, null);
        }
    }

    /**
     * Sends a changed copy of the request to a backend, as a proxy does when it removes headers
     * the backend must not see (such as {@code Proxy-Authorization}) or adds its own; its answer
     * becomes the response, as with {@link #forward(String)}.
     *
     * <pre>{@code
     * exchange.forward("internet", request.withHeaders(request.headers().without("Proxy-Authorization")));
     * }</pre>
     *
     * @param backendName a backend of the gateway
     * @param changed what the backend receives: the same request with other headers
     * @throws IllegalArgumentException if the gateway has no such backend, or {@code changed} is
     *     another request (a different id)
     */
    @LearnerApi
    public void forward(String backendName, HttpRequest changed) {
        Objects.requireNonNull(changed, "request");
        if (changed.id() != flow.request.id()) {
            throw new IllegalArgumentException("the " + flow.gateway.filterName(stage) + " forwarded request #" + changed.id()
                    + " in place of " + flow.request + "; change this request with request.withHeaders(...)");
        }
        flow.gateway.checkBackend(backendName);
        decide("forward");
        if (flow.response == null) {
            flow.backend = backendName;
            flow.sent = changed;
            flow.gateway.send(this, backendName, null);
        }
    }

    /**
     * Returns what the backend received: the request, or the changed copy a filter forwarded.
     *
     * @return the request sent on, or {@code null} if no backend got it
     */
    @LearnerApi.Internal("a filter decides; the test reads what left the gateway")
    public HttpRequest sent() {
        return flow.backend == null ? null : flow.sent == null ? flow.request : flow.sent;
    }

    /**
     * Sends the request to a backend and lets this filter see the backend's answer on its way
     * back: {@code onResponse} gets it (200 with the backend's headers and body, or 502/503/504
     * when the backend fails) and returns what the client gets instead. A caching proxy stores a
     * copy here, or answers a stale copy when the backend failed. This is this filter's one
     * decision.
     *
     * <pre>{@code
     * exchange.forward("origin", upstream -> {
     *     if (upstream.isSuccess()) {
     *         remember(request.path(), upstream, exchange.now());
     *     }
     *     return upstream;
     * });
     * }</pre>
     *
     * @param backendName a backend of the gateway
     * @param onResponse turns the backend's answer into the client's; must not return {@code null}
     * @throws IllegalArgumentException if the gateway has no such backend
     */
    @LearnerApi
    public void forward(String backendName, UnaryOperator<HttpResponse> onResponse) {
        Objects.requireNonNull(onResponse, "onResponse");
        flow.gateway.checkBackend(backendName);
        decide("forward");
        if (flow.response == null) {
            flow.backend = backendName;
            flow.gateway.send(this, backendName, onResponse);
        }
    }

    private void decide(String what) {
        if (decided) {
            throw new IllegalStateException("the " + flow.gateway.filterName(stage) + " decided twice about " + flow.request
                    + " (the second time with " + what + "): call exactly one of next(), respond() or forward(), once");
        }
        decided = true;
    }

    void finish(HttpResponse answer, String by) {
        if (flow.response == null) {
            flow.response = answer;
            flow.answeredAt = flow.gateway.sim().now();
            flow.answeredBy = by;
            flow.gateway.finished(this);
            if (flow.listener != null) {
                flow.listener.accept(this);
            }
        }
    }

    String filterName() {
        return flow.gateway.filterName(stage);
    }

    int stage() {
        return stage;
    }

    long timeoutEvent() {
        return flow.timeoutEvent;
    }

    /**
     * Returns the backend the request was forwarded to.
     *
     * @return its name, or {@code null} if no backend got it
     */
    @LearnerApi.Internal("a filter decides; the test reads where requests went")
    public String backend() {
        return flow.backend;
    }

    /**
     * Returns the response the client got.
     *
     * @return the response, or {@code null} while pending
     */
    @LearnerApi.Internal("a filter decides; the test reads the responses")
    public HttpResponse response() {
        return flow.response;
    }

    /**
     * Returns who answered: a filter (its class name), a backend, or the gateway itself.
     *
     * @return such as {@code "backend orders"} or {@code "filter RateLimiter"}
     */
    public String answeredBy() {
        return flow.answeredBy;
    }

    /**
     * Returns when the gateway received the request.
     *
     * @return nanoseconds of virtual time
     */
    public long receivedAt() {
        return flow.receivedAt;
    }

    /**
     * Returns when the client got its response.
     *
     * @return nanoseconds, or -1 while pending
     */
    public long answeredAt() {
        return flow.answeredAt;
    }

    /**
     * Returns the time from the gateway receiving the request to its response.
     *
     * @return nanoseconds, or -1 while pending
     */
    public long latency() {
        return flow.answeredAt < 0 ? -1 : flow.answeredAt - flow.receivedAt;
    }

    @Override
    public String toString() {
        return flow.request + (flow.response == null ? " (pending)" : " -> " + flow.response.status());
    }
}
