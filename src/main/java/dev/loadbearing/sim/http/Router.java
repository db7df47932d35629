package dev.loadbearing.sim.http;

import java.util.List;
import java.util.Objects;

/**
 * The simplest routing filter: forwards each request to the backend of the route with the
 * longest prefix covering its path (whole segments), and answers 404 when none does. It ignores
 * canaries and scopes; a test uses it to put a backend behind the filter under test.
 */
public final class Router implements Filter {
    private final List<Route> routes;

    /**
     * Creates a router over routes in any order.
     *
     * @param routes the routes
     */
    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /**
     * Returns the route with the longest prefix that covers a path.
     *
     * @param routes the routes, in any order
     * @param path the request path
     * @return the route, or {@code null} if none covers it
     */
    public static Route longestMatch(List<Route> routes, String path) {
        Route best = null;
        for (Route route : routes) {
            if (covers(route.prefix(), path) && (best == null || route.prefix().length() > best.prefix().length())) {
                best = route;
            }
        }
        return best;
    }

    /**
     * Returns whether a prefix covers a path, by whole segments.
     *
     * @param prefix {@code /} or {@code /a/b}
     * @param path a request path
     * @return {@code true} if the path is the prefix or lies under it
     */
    public static boolean covers(String prefix, String path) {
        Objects.requireNonNull(path, "path");
        return prefix.equals("/") || path.startsWith(prefix)
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    @Override
    public void handle(HttpRequest request, Exchange exchange) {
        Route route = longestMatch(routes, request.path());
        if (route == null) {
            exchange.respond(HttpResponse.notFound());
        } else {
            exchange.forward(route.backend());
        }
    }
}
