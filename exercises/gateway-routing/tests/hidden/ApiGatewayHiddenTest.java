import dev.loadbearing.sim.http.Route;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiGatewayHiddenTest {
    private static final String[] WORDS = {"api", "v1", "v2", "orders", "order", "users", "user", "cart", "search",
        "admin", "files", "export", "items", "billing", "bill"};

    /** A random route table: nested prefixes from look-alike words, some scopes, one or two canaries, shuffled. */
    static List<Route> routes(long seed) {
        Random random = new Random(seed);
        List<String> prefixes = new ArrayList<>();
        if (random.nextBoolean()) {
            prefixes.add("/");
        }
        String top = "/" + WORDS[random.nextInt(3)];
        prefixes.add(top);
        int count = 4 + random.nextInt(4);
        while (prefixes.size() < count + 1) {
            String parent = prefixes.get(random.nextInt(prefixes.size()));
            String child = (parent.equals("/") ? "" : parent) + "/" + WORDS[3 + random.nextInt(WORDS.length - 3)];
            if (!prefixes.contains(child) && child.split("/").length <= 5) {
                prefixes.add(child);
            }
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i++) {
            Route route = Route.to(prefixes.get(i), "svc-" + i);
            if (random.nextInt(3) == 0) {
                route = route.requiring("scope-" + random.nextInt(3));
            }
            routes.add(route);
        }
        for (int c = 0; c < 1 + random.nextInt(2); c++) {
            int i = random.nextInt(routes.size());
            if (routes.get(i).canary() == null) {
                routes.set(i, routes.get(i).withCanary("svc-" + i + "-canary", (2 + random.nextInt(14)) / 100.0));
            }
        }
        java.util.Collections.shuffle(routes, random);
        return routes;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 202, 303, 404, 505})
    @DisplayName("random route tables: longest prefix wins, 404 for no route")
    void random_tables_route_by_longest_prefix(long seed) {
        GatewayRun run = GatewayRun.run(seed, routes(seed), 400, 1_000, GatewayRun.only(GatewayRun.Kind.VALID));
        run.assertLongestPrefixWins();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {111, 222})
    @DisplayName("about 5,000 forged, tampered, unsigned, expired or missing tokens per seed: 0 reach a backend, all get 401; scopes give 403")
    void ten_thousand_hostile_tokens_never_reach_a_backend(long seed) {
        Map<GatewayRun.Kind, Double> mix = new EnumMap<>(GatewayRun.Kind.class);
        mix.put(GatewayRun.Kind.VALID, 0.5);
        mix.put(GatewayRun.Kind.NO_SCOPE, 0.5);
        mix.put(GatewayRun.Kind.FORGED, 5.0);
        mix.put(GatewayRun.Kind.TAMPERED, 3.0);
        mix.put(GatewayRun.Kind.UNSIGNED, 1.0);
        mix.put(GatewayRun.Kind.EXPIRED, 6.0);
        mix.put(GatewayRun.Kind.MISSING, 2.0);
        mix.put(GatewayRun.Kind.MALFORMED, 2.0);
        GatewayRun run = GatewayRun.run(seed, routes(seed), 1_000, 5_400, mix);
        run.attachFigures();
        run.assertUnauthorizedRefused();
        run.assertScopesChecked();
        run.assertLongestPrefixWins();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {8})
    @DisplayName("random canary shares from 2% to 8%: within 1 point, and sticky per user")
    void random_canary_shares_are_met_per_user(long seed) {
        Random random = new Random(seed);
        double share = (2 + random.nextInt(7)) / 100.0;
        List<Route> routes = List.of(Route.to("/api/" + WORDS[3 + random.nextInt(WORDS.length - 3)], "api").withCanary("api-canary", share));
        GatewayRun run = GatewayRun.everyUserOnce(seed, routes, 7_993, 1_500);
        run.attachFigures();
        run.assertCanary(1);
    }
}
