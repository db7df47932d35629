import dev.loadbearing.sim.http.Route;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiGatewayTest {
    /** Routes in no particular order: the longest covering prefix must win wherever it sits. */
    static final List<Route> ROUTES = List.of(
            Route.to("/api", "catalog"),
            Route.to("/api/orders", "orders").requiring("orders:read"),
            Route.to("/static", "files"),
            Route.to("/api/orders/export", "reports").requiring("reports"),
            Route.to("/api/users", "users").withCanary("users-v2", 0.05));

    @Test
    @DisplayName("the longest route prefix covering the path wins, by whole segments; no route is 404")
    void longest_prefix_wins() {
        GatewayRun run = GatewayRun.run(1, ROUTES, 500, 2_000, GatewayRun.only(GatewayRun.Kind.VALID));
        run.attachFigures();
        run.assertLongestPrefixWins();
    }

    @Test
    @DisplayName("forged, tampered, unsigned, expired and missing tokens get 401 and never reach a backend")
    void bad_tokens_get_401() {
        GatewayRun run = GatewayRun.run(2, ROUTES, 500, 3_000, GatewayRun.mix(GatewayRun.Kind.FORGED,
                GatewayRun.Kind.TAMPERED, GatewayRun.Kind.UNSIGNED, GatewayRun.Kind.EXPIRED, GatewayRun.Kind.MISSING,
                GatewayRun.Kind.MALFORMED));
        run.attachFigures();
        run.assertUnauthorizedRefused();
    }

    @Test
    @DisplayName("a valid token without the route's scope gets 403; with it, the request goes through")
    void scopes_give_403() {
        GatewayRun run = GatewayRun.run(3, ROUTES, 500, 2_000, GatewayRun.mix(GatewayRun.Kind.VALID, GatewayRun.Kind.NO_SCOPE));
        run.assertScopesChecked();
    }

    @Test
    @DisplayName("the canary users-v2 gets 5% ± 1 of /api/users, and each user always sees the same version")
    void canary_gets_its_share_per_user() {
        List<Route> routes = List.of(Route.to("/api/users", "users").withCanary("users-v2", 0.05));
        GatewayRun run = GatewayRun.everyUserOnce(4, routes, 8_011, 1_500);
        run.attachFigures();
        run.assertCanary(1);
    }
}
