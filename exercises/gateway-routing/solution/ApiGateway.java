import dev.loadbearing.sim.http.Claims;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import dev.loadbearing.sim.http.Route;
import dev.loadbearing.sim.http.TokenCheck;
import dev.loadbearing.sim.http.TokenVerifier;
import java.util.List;

/**
 * The gateway's one filter: find the route with the longest prefix that covers the path, check
 * the bearer token with the verifier and the route's scope, then forward to the route's backend,
 * or to its canary for a fixed share of users.
 */
public final class ApiGateway implements Filter {
    private static final int BUCKETS = 10_000;

    private final List<Route> routes;
    private final TokenVerifier verifier;

    public ApiGateway(List<Route> routes, TokenVerifier verifier) {
        this.routes = List.copyOf(routes);
        this.verifier = verifier;
    }

    @Override
    public void handle(HttpRequest request, Exchange exchange) {
        Route route = match(request.path());
        if (route == null) {
            exchange.respond(HttpResponse.notFound());
            return;
        }
        TokenCheck check = verifier.verify(request);
        if (!check.isValid()) {
            exchange.respond(HttpResponse.unauthorized(check.status().reason()));
            return;
        }
        Claims claims = check.claims();
        if (route.scope() != null && !claims.hasScope(route.scope())) {
            exchange.respond(HttpResponse.forbidden("needs scope " + route.scope()));
            return;
        }
        exchange.forward(inCanary(route, claims.subject()) ? route.canary() : route.backend());
    }

    /** The route whose prefix covers the path by whole segments, the longest such; null if none. */
    private Route match(String path) {
        Route best = null;
        for (Route route : routes) {
            String prefix = route.prefix();
            boolean covers = prefix.equals("/") || path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
            if (covers && (best == null || prefix.length() > best.prefix().length())) {
                best = route;
            }
        }
        return best;
    }

    /** The same user always lands in the same bucket, so they see one version, not both. */
    private static boolean inCanary(Route route, String subject) {
        if (route.canary() == null) {
            return false;
        }
        int mixed = subject.hashCode() * 0x9E3779B1;
        return Math.floorMod(mixed ^ (mixed >>> 16), BUCKETS) < route.canaryShare() * BUCKETS;
    }
}
