package dev.loadbearing.sim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.store.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayTest {
    private final Sim sim = new Sim(5);
    private final List<Exchange> done = new ArrayList<>();
    private long ids;

    private Server server(String name) {
        return new Server(sim, name).workers(10).serviceTime(Distribution.constant(Time.ms(5)));
    }

    private HttpRequest get(String path, Headers headers) {
        return new HttpRequest(ids++, Client.numbered(1), "GET", path, headers, sim.now());
    }

    @Test
    void the_router_picks_the_longest_prefix_by_whole_segments() {
        List<Route> routes = List.of(Route.to("/api", "catalog"), Route.to("/api/orders", "orders"), Route.to("/", "web"));
        assertEquals("orders", Router.longestMatch(routes, "/api/orders/7").backend());
        assertEquals("orders", Router.longestMatch(routes, "/api/orders").backend());
        assertEquals("catalog", Router.longestMatch(routes, "/api/ordersummary").backend());
        assertEquals("web", Router.longestMatch(routes, "/about").backend());
        assertNull(Router.longestMatch(List.of(Route.to("/api", "catalog")), "/about"));
    }

    @Test
    void filters_run_in_order_and_the_backend_answer_becomes_the_response() {
        Filter auth = (request, exchange) -> {
            if (request.header("X-Api-Key") == null) {
                exchange.respond(HttpResponse.unauthorized("no key"));
            } else {
                exchange.next();
            }
        };
        Gateway gateway = new Gateway(sim, "gw").filters(List.of(auth, new Router(List.of(Route.to("/api", "api")))))
                .backend("api", server("api"));
        gateway.handle(get("/api/x", Headers.of("X-Api-Key", "k")), done::add);
        gateway.handle(get("/api/x", Headers.none()), done::add);
        gateway.handle(get("/elsewhere", Headers.of("X-Api-Key", "k")), done::add);
        sim.run();

        assertEquals(List.of(401, 404, 200), done.stream().map(e -> e.response().status()).toList());
        assertEquals("Bearer error=\"invalid_token\"", done.get(0).response().header("www-authenticate"));
        Exchange served = done.get(2);
        assertEquals("api", served.backend());
        assertEquals(Time.ms(5), served.latency());
        assertEquals("backend api", served.answeredBy());
        assertEquals(Map.of(200, 1L, 401, 1L, 404, 1L), gateway.statuses());
        assertEquals(Map.of("api", 1L), gateway.forwarded());
        assertEquals(0, gateway.inFlight());
    }

    @Test
    void a_filter_may_decide_later_after_a_store_call() {
        Cache<String, Integer> store = new Cache<String, Integer>(sim, "counts").latency(Distribution.constant(Time.ms(1)));
        Filter oncePerKey = (request, exchange) -> store.update(request.header("X-Api-Key"), n -> n == null ? 1 : n + 1,
                reply -> {
                    if (reply.value() == 1) {
                        exchange.next();
                    } else {
                        exchange.respond(HttpResponse.tooManyRequests(3));
                    }
                });
        Gateway gateway = new Gateway(sim, "gw").filters(List.of(oncePerKey, new Router(List.of(Route.to("/", "api")))))
                .backend("api", server("api"));
        gateway.handle(get("/", Headers.of("X-Api-Key", "a")), done::add);
        gateway.handle(get("/", Headers.of("X-Api-Key", "a")), done::add);
        sim.run();

        assertEquals(429, done.get(0).response().status());
        assertEquals("3", done.get(0).response().header("Retry-After"));
        assertEquals(Time.ms(1), done.get(0).latency());
        assertEquals(200, done.get(1).response().status());
        assertEquals(Time.ms(6), done.get(1).latency());
    }

    @Test
    void backend_failures_map_to_5xx_and_an_unanswered_request_to_504() {
        Server down = server("down");
        down.crashAt(0);
        Filter silent = (request, exchange) -> { };
        Gateway gateway = new Gateway(sim, "gw").timeout(Time.ms(50)).backend("down", down)
                .filters(List.of((request, exchange) -> {
                    if (request.path().equals("/silent")) {
                        silent.handle(request, exchange);
                    } else {
                        exchange.forward("down");
                    }
                }));
        gateway.handleAt(Time.ms(1), get("/x", Headers.none()), done::add);
        gateway.handleAt(Time.ms(1), get("/silent", Headers.none()), done::add);
        sim.run();

        assertEquals(502, done.get(0).response().status());
        assertEquals(504, done.get(1).response().status());
        assertEquals(Time.ms(50), done.get(1).latency());
    }

    @Test
    void deciding_twice_or_forwarding_to_an_unknown_backend_is_an_error_that_names_the_filter() {
        Filter twice = (request, exchange) -> {
            exchange.next();
            exchange.respond(HttpResponse.notFound());
        };
        Gateway gateway = new Gateway(sim, "gw").filters(List.of(twice));
        gateway.handleAt(0, get("/", Headers.none()), done::add);
        SimulationException e = org.junit.jupiter.api.Assertions.assertThrows(SimulationException.class, sim::run);
        assertTrue(e.getMessage().contains("decided twice"), e.getMessage());

        Sim other = new Sim(1);
        Gateway nowhere = new Gateway(other, "gw").filters(List.of((request, exchange) -> exchange.forward("orders")));
        nowhere.handleAt(0, new HttpRequest(1, Client.numbered(1), "GET", "/", Headers.none(), 0), null);
        SimulationException unknown = org.junit.jupiter.api.Assertions.assertThrows(SimulationException.class, other::run);
        assertTrue(unknown.getMessage().contains("no backend named 'orders'"), unknown.getMessage());
    }

    @Test
    void a_content_backend_makes_its_response_when_it_serves_and_failures_stay_5xx() {
        Server origin = server("origin");
        int[] made = {0};
        Gateway gateway = new Gateway(sim, "proxy").filters(List.of(new Router(List.of(Route.to("/", "origin")))))
                .backend("origin", origin, request -> HttpResponse.ok(request.path() + " v" + (++made[0]) + " at " + sim.now())
                        .withHeader("Cache-Control", "public, max-age=10"));
        gateway.handleAt(0, get("/page", Headers.none()), done::add);
        origin.crashAt(Time.ms(20));
        gateway.handleAt(Time.ms(30), get("/page", Headers.none()), done::add);
        sim.run();

        HttpResponse first = done.get(0).response();
        assertEquals(200, first.status());
        assertEquals("/page v1 at " + Time.ms(5), first.body());
        assertEquals(10, first.cacheControl().maxAge());
        assertEquals("origin", first.header("X-Served-By"));
        assertEquals(502, done.get(1).response().status());
        assertEquals(1, made[0]);
    }

    @Test
    void forward_with_a_response_function_lets_a_filter_keep_a_copy_and_answer_it_when_the_backend_fails() {
        Server origin = server("origin");
        Map<String, HttpResponse> copies = new java.util.TreeMap<>();
        Filter keepCopies = (request, exchange) -> exchange.forward("origin", upstream -> {
            if (upstream.isSuccess()) {
                copies.put(request.path(), upstream);
                return upstream;
            }
            HttpResponse copy = copies.get(request.path());
            return copy == null ? upstream : copy.withHeader("X-Stale", "yes");
        });
        Gateway gateway = new Gateway(sim, "proxy").filters(List.of(keepCopies))
                .backend("origin", origin, request -> HttpResponse.ok("content of " + request.path()));
        gateway.handleAt(0, get("/a", Headers.none()), done::add);
        origin.crashAt(Time.ms(20));
        gateway.handleAt(Time.ms(30), get("/a", Headers.none()), done::add);
        gateway.handleAt(Time.ms(30), get("/b", Headers.none()), done::add);
        sim.run();

        assertEquals("backend origin", done.get(0).answeredBy());
        Exchange stale = done.stream().filter(e -> e.request().path().equals("/a") && e.receivedAt() > 0).findFirst().orElseThrow();
        assertEquals(200, stale.response().status());
        assertEquals("content of /a", stale.response().body());
        assertEquals("yes", stale.response().header("X-Stale"));
        assertEquals("origin", stale.backend());
        assertTrue(stale.answeredBy().startsWith("filter "), stale.answeredBy());
        Exchange missing = done.stream().filter(e -> e.request().path().equals("/b")).findFirst().orElseThrow();
        assertEquals(502, missing.response().status());
        assertEquals(Map.of("origin", 3L), gateway.forwarded());
    }

    @Test
    void a_response_function_that_returns_null_is_an_error_that_names_the_filter() {
        Gateway gateway = new Gateway(sim, "proxy").filters(List.of((request, exchange) -> exchange.forward("api", r -> null)))
                .backend("api", server("api"));
        gateway.handleAt(0, get("/", Headers.none()), done::add);
        SimulationException e = org.junit.jupiter.api.Assertions.assertThrows(SimulationException.class, sim::run);
        assertTrue(e.getMessage().contains("returned null"), e.getMessage());
    }

    @Test
    void a_response_that_arrives_after_the_gateway_timed_out_is_not_shown_to_the_filter() {
        Server slow = new Server(sim, "slow").workers(1).serviceTime(Distribution.constant(Time.ms(100)));
        int[] seen = {0};
        Gateway gateway = new Gateway(sim, "proxy").timeout(Time.ms(20))
                .filters(List.of((request, exchange) -> exchange.forward("slow", r -> {
                    seen[0]++;
                    return r;
                })))
                .backend("slow", slow);
        gateway.handleAt(0, get("/", Headers.none()), done::add);
        sim.run();
        assertEquals(504, done.get(0).response().status());
        assertEquals(0, seen[0]);
    }

    @Test
    void a_filter_may_forward_a_copy_without_a_header_and_the_backend_sees_only_the_copy() {
        List<Headers> seen = new ArrayList<>();
        Filter dropCredentials = (request, exchange) -> exchange.forward("internet",
                request.withHeaders(request.headers().without("proxy-authorization").with("Via", "1.1 egress")));
        Gateway gateway = new Gateway(sim, "egress").filters(List.of(dropCredentials))
                .backend("internet", server("internet"), request -> {
                    seen.add(request.headers());
                    return HttpResponse.ok("hi");
                });
        HttpRequest original = get("/", Headers.of("Host", "github.com", "Proxy-Authorization", "Basic c2VjcmV0"));
        gateway.handle(original, done::add);
        sim.run();

        assertEquals(List.of(Headers.of("Host", "github.com", "Via", "1.1 egress")), seen);
        assertEquals(200, done.get(0).response().status());
        assertEquals("Basic c2VjcmV0", done.get(0).request().header("Proxy-Authorization"), "the client's request is unchanged");
        assertEquals(seen.get(0), done.get(0).sent().headers());
        assertEquals(original.id(), done.get(0).sent().id());
        assertSame(Headers.none(), Headers.none().without("X"));

        Sim other = new Sim(2);
        Gateway swap = new Gateway(other, "gw").backend("api", new Server(other, "api"))
                .filters(List.of((request, exchange) -> exchange.forward("api",
                        new HttpRequest(request.id() + 1, request.client(), "GET", "/", Headers.none(), 0))));
        swap.handleAt(0, new HttpRequest(1, Client.numbered(1), "GET", "/", Headers.none(), 0), null);
        SimulationException e = org.junit.jupiter.api.Assertions.assertThrows(SimulationException.class, other::run);
        assertTrue(e.getMessage().contains("withHeaders"), e.getMessage());
    }
}
