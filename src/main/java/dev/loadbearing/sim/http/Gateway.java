package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Outcome;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.server.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * An API gateway instance: the single entry point that runs each request through a pipeline of
 * {@link Filter}s and forwards it to a backend {@link Server}. A backend's outcome becomes the
 * response: served is 200, a full queue 503, a timeout 504, a server down or crashed 502.
 * Several instances may share backends (and, through their filters, a store).
 *
 * <pre>{@code
 * Gateway gateway = new Gateway(sim, "gateway-1")
 *         .filters(List.of(authFilter, new Router(routes)))
 *         .backend("orders", ordersServer);
 * gateway.handle(request, exchange -> log.add(exchange.response().status()));
 * }</pre>
 */
public final class Gateway {
    private final Sim sim;
    private final String name;
    private final Map<String, Server> backends = new LinkedHashMap<>();
    private final Map<String, Function<HttpRequest, HttpResponse>> contents = new LinkedHashMap<>();
    private final TreeMap<Integer, Long> statuses = new TreeMap<>();
    private final TreeMap<String, Long> forwarded = new TreeMap<>();
    private final Action<Exchange> expire = this::expire;
    private final String expireLabel;
    private List<Filter> filters = List.of();
    private long timeout = Time.seconds(10);
    private long nextBackendRequest;
    private int inFlight;

    /**
     * Creates a gateway without filters or backends; requests get 404 until it has some.
     *
     * @param sim the simulation it runs in
     * @param name its name, such as {@code "gateway-1"}
     */
    public Gateway(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        this.expireLabel = name + " times out";
    }

    /**
     * Sets the pipeline, run in order for every request.
     *
     * @param pipeline the filters
     * @return this gateway
     */
    public Gateway filters(List<? extends Filter> pipeline) {
        filters = List.copyOf(pipeline);
        return this;
    }

    /**
     * Adds a backend that filters can forward to by name.
     *
     * @param backendName the name filters use
     * @param server the server that serves it
     * @return this gateway
     */
    public Gateway backend(String backendName, Server server) {
        backends.put(Objects.requireNonNull(backendName, "backend name"), Objects.requireNonNull(server, "server"));
        contents.remove(backendName);
        return this;
    }

    /**
     * Adds a backend that serves content: when the server serves a request, {@code content}
     * makes the response at that moment (a 200 with headers such as {@code Cache-Control} and a
     * body), so an origin's answer can depend on the request, its headers and the time. When
     * the server fails, the response is 502/503/504 as for any backend.
     *
     * <pre>{@code
     * gateway.backend("origin", originServer,
     *         request -> HttpResponse.ok("page " + request.path()).withHeader("Cache-Control", "public, max-age=60"));
     * }</pre>
     *
     * @param backendName the name filters use
     * @param server the server that serves it
     * @param content makes the response to a served request; must not return {@code null}
     * @return this gateway
     */
    public Gateway backend(String backendName, Server server, Function<HttpRequest, HttpResponse> content) {
        backend(backendName, server);
        contents.put(backendName, Objects.requireNonNull(content, "content"));
        return this;
    }

    /**
     * Sets how long a request may go unanswered before the gateway answers 504.
     *
     * @param nanos at least 1 ms
     * @return this gateway
     */
    public Gateway timeout(long nanos) {
        if (nanos < Time.ms(1)) {
            throw new IllegalArgumentException("a gateway timeout is at least 1 ms");
        }
        timeout = nanos;
        return this;
    }

    /**
     * Receives a request now and runs it through the pipeline.
     *
     * @param request the request
     * @param done called once with the finished exchange; may be {@code null}
     * @return the exchange, to inspect later
     */
    public Exchange handle(HttpRequest request, Consumer<Exchange> done) {
        Exchange.Flow flow = new Exchange.Flow(this, request, sim.now(), done);
        Exchange exchange = new Exchange(flow, 0);
        inFlight++;
        flow.timeoutEvent = sim.schedule(sim.now() + timeout, expireLabel, expire, exchange);
        runStage(exchange);
        return exchange;
    }

    /**
     * Schedules a request to arrive at a given time.
     *
     * @param time nanoseconds of virtual time
     * @param request the request
     * @param done called once with the finished exchange; may be {@code null}
     */
    public void handleAt(long time, HttpRequest request, Consumer<Exchange> done) {
        sim.at(time, name + " receives " + request, () -> handle(request, done));
    }

    void runStage(Exchange exchange) {
        int stage = exchange.stage();
        if (stage >= filters.size()) {
            exchange.finish(HttpResponse.notFound(), name);
            return;
        }
        sim.during(exchange.request(), "reached the " + filterName(stage) + " of " + name);
        filters.get(stage).handle(exchange.request(), exchange);
    }

    String filterName(int stage) {
        return stage < filters.size() ? "filter " + filters.get(stage).getClass().getSimpleName() : name;
    }

    void checkBackend(String backendName) {
        if (!backends.containsKey(backendName)) {
            throw new IllegalArgumentException("no backend named '" + backendName + "' at " + name
                    + "; its backends are " + backends.keySet());
        }
    }

    void send(Exchange exchange, String backendName, UnaryOperator<HttpResponse> onResponse) {
        forwarded.merge(backendName, 1L, Long::sum);
        Request request = new Request(nextBackendRequest++, exchange.request().client(), 0, sim.now());
        request.onComplete(done -> {
            HttpResponse upstream = response(exchange.sent(), done.outcome(), backendName);
            if (onResponse == null) {
                exchange.finish(upstream, "backend " + backendName);
                return;
            }
            if (exchange.response() != null) {
                return; // the client already has its answer (the gateway timed out)
            }
            sim.during(exchange.request(), "got " + upstream.status() + " from backend " + backendName + " at the "
                    + exchange.filterName() + " of " + name);
            HttpResponse answer = onResponse.apply(upstream);
            if (answer == null) {
                throw new IllegalStateException("the " + exchange.filterName() + " returned null for the response of backend "
                        + backendName + " to " + exchange.request() + "; return the response the client gets");
            }
            exchange.finish(answer, answer == upstream ? "backend " + backendName : exchange.filterName());
        });
        backends.get(backendName).submit(request);
    }

    private HttpResponse response(HttpRequest httpRequest, Outcome outcome, String backendName) {
        Function<HttpRequest, HttpResponse> content = contents.get(backendName);
        if (outcome == Outcome.OK && content != null) {
            HttpResponse made = content.apply(httpRequest);
            if (made == null) {
                throw new IllegalStateException("the content of backend " + backendName + " made no response to " + httpRequest);
            }
            return made.withHeader("X-Served-By", backendName);
        }
        int status = switch (outcome) {
            case OK -> HttpResponse.OK;
            case QUEUE_FULL, NO_BACKEND -> HttpResponse.SERVICE_UNAVAILABLE;
            case TIMEOUT -> HttpResponse.GATEWAY_TIMEOUT;
            case SERVER_DOWN, CRASHED -> HttpResponse.BAD_GATEWAY;
            case ERROR -> HttpResponse.INTERNAL_SERVER_ERROR;
        };
        return HttpResponse.of(status, outcome.description()).withHeader("X-Served-By", backendName);
    }

    private void expire(Exchange exchange) {
        exchange.finish(HttpResponse.of(HttpResponse.GATEWAY_TIMEOUT, "no answer within " + Time.format(timeout)), name);
    }

    void finished(Exchange exchange) {
        statuses.merge(exchange.response().status(), 1L, Long::sum);
        inFlight--;
        sim.cancel(exchange.timeoutEvent());
    }

    Sim sim() {
        return sim;
    }

    /**
     * Returns the gateway's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns how many responses had each status.
     *
     * @return status code to count, in code order
     */
    public Map<Integer, Long> statuses() {
        return new TreeMap<>(statuses);
    }

    /**
     * Returns how many requests were forwarded to each backend.
     *
     * @return backend name to count, in name order
     */
    public Map<String, Long> forwarded() {
        return new TreeMap<>(forwarded);
    }

    /**
     * Returns how many requests are still unanswered.
     *
     * @return the number in flight
     */
    public int inFlight() {
        return inFlight;
    }

    /**
     * Returns the backends' names, in the order they were added.
     *
     * @return the names
     */
    public List<String> backends() {
        return new ArrayList<>(backends.keySet());
    }

    @Override
    public String toString() {
        return "Gateway[" + name + ", " + filters.size() + " filters, backends " + backends.keySet() + "]";
    }
}
