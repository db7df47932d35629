package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One request's way through a {@link Gateway}: each {@link Filter} in turn gets the exchange and
 * decides exactly once, by {@link #next()}, {@link #respond(HttpResponse)} or
 * {@link #forward(String)}. Deciding twice in one filter is an error; a request nobody answers
 * gets 504 when the gateway's timeout runs out, and a decision after that is ignored.
 */
@LearnerApi
public final class Exchange {
    private final Gateway gateway;
    private final HttpRequest request;
    private final long receivedAt;
    private int stage;
    private boolean decided;
    private String backend;
    private HttpResponse response;
    private long answeredAt = -1;
    private String answeredBy;
    private final Consumer<Exchange> listener;
    long timeoutEvent;

    Exchange(Gateway gateway, HttpRequest request, long receivedAt, Consumer<Exchange> listener) {
        this.gateway = gateway;
        this.request = request;
        this.receivedAt = receivedAt;
        this.listener = listener;
    }

    /**
     * Returns the request.
     *
     * @return the request
     */
    @LearnerApi
    public HttpRequest request() {
        return request;
    }

    /**
     * Returns the simulation's clock: the time to use for expiry, buckets and windows.
     *
     * @return nanoseconds of virtual time
     */
    @LearnerApi
    public long now() {
        return gateway.sim().now();
    }

    /** Passes the request to the next filter; after the last one the gateway answers 404. */
    @LearnerApi
    public void next() {
        decide("next");
        if (response != null) {
            return;
        }
        stage++;
        decided = false;
        gateway.runStage(this, stage);
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
        if (response == null) {
            finish(answer, gateway.filterName(stage));
        }
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
        gateway.checkBackend(backendName);
        decide("forward");
        if (response == null) {
            backend = backendName;
            gateway.send(this, backendName);
        }
    }

    private void decide(String what) {
        if (decided) {
            throw new IllegalStateException("the " + gateway.filterName(stage) + " decided twice about " + request
                    + " (the second time with " + what + "): call exactly one of next(), respond() or forward(), once");
        }
        decided = true;
    }

    void finish(HttpResponse answer, String by) {
        if (response == null) {
            response = answer;
            answeredAt = gateway.sim().now();
            answeredBy = by;
            gateway.finished(this);
            if (listener != null) {
                listener.accept(this);
            }
        }
    }

    /**
     * Returns the backend the request was forwarded to.
     *
     * @return its name, or {@code null} if no backend got it
     */
    @LearnerApi.Internal("a filter decides; the test reads where requests went")
    public String backend() {
        return backend;
    }

    /**
     * Returns the response the client got.
     *
     * @return the response, or {@code null} while pending
     */
    @LearnerApi.Internal("a filter decides; the test reads the responses")
    public HttpResponse response() {
        return response;
    }

    /**
     * Returns who answered: a filter (its class name), a backend, or the gateway itself.
     *
     * @return such as {@code "backend orders"} or {@code "filter RateLimiter"}
     */
    public String answeredBy() {
        return answeredBy;
    }

    /**
     * Returns when the gateway received the request.
     *
     * @return nanoseconds of virtual time
     */
    public long receivedAt() {
        return receivedAt;
    }

    /**
     * Returns when the client got its response.
     *
     * @return nanoseconds, or -1 while pending
     */
    public long answeredAt() {
        return answeredAt;
    }

    /**
     * Returns the time from the gateway receiving the request to its response.
     *
     * @return nanoseconds, or -1 while pending
     */
    public long latency() {
        return answeredAt < 0 ? -1 : answeredAt - receivedAt;
    }

    @Override
    public String toString() {
        return request + (response == null ? " (pending)" : " -> " + response.status());
    }
}
