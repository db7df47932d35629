import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.Route;
import dev.loadbearing.sim.http.TokenVerifier;
import java.util.List;

/**
 * The gateway's one filter. For each request:
 * 1. find the route whose prefix covers the path (whole segments), the longest one; none: 404;
 * 2. check the bearer token with the verifier: missing, malformed, forged or expired: 401;
 * 3. a valid token without the route's scope: 403;
 * 4. forward to the route's backend, or to its canary for route.canaryShare() of the users
 *    (the same user always to the same one).
 */
public final class ApiGateway implements Filter {
    private final List<Route> routes;
    private final TokenVerifier verifier;

    public ApiGateway(List<Route> routes, TokenVerifier verifier) {
        this.routes = List.copyOf(routes);
        this.verifier = verifier;
    }

    @Override
    public void handle(HttpRequest request, Exchange exchange) {
        // Everything goes to the first route's backend, token or not. Pick the longest matching
        // route, and use verifier.verify(request) before trusting anything the token says.
        exchange.forward(routes.get(0).backend());
    }
}
