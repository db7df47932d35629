import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Gateway;
import dev.loadbearing.sim.http.Headers;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import dev.loadbearing.sim.http.Route;
import dev.loadbearing.sim.http.Router;
import dev.loadbearing.sim.http.TokenIssuer;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Server;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sends a mix of honest and hostile requests through one gateway running the learner's
 * ApiGateway, records where each one went, and checks routing, authentication, scopes and the
 * canary with messages that say what went wrong.
 */
final class GatewayRun {
    /** What a request carries. */
    enum Kind {
        VALID("a valid token with the route's scope"),
        NO_SCOPE("a valid token without the route's scope"),
        FORGED("a token signed with another key"),
        TAMPERED("a real token whose scopes were edited after signing"),
        UNSIGNED("a token with no signature"),
        EXPIRED("a correctly signed token past its expiry"),
        MISSING("no token at all"),
        MALFORMED("a bearer header that is not a token");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    record Sent(HttpRequest request, Kind kind, String user, Route expected, Exchange[] exchange) {
        Exchange done() {
            return exchange[0];
        }
    }

    final long seed;
    final List<Route> routes;
    final List<Sent> sent = new ArrayList<>();
    final long verifications;

    private GatewayRun(long seed, List<Route> routes, int users, int requests, Map<Kind, Double> mix, double unroutedShare,
            boolean inRounds) {
        this.seed = seed;
        this.routes = List.copyOf(routes);
        Sim sim = new Sim(seed);
        TokenIssuer auth = new TokenIssuer(sim, "auth");
        Gateway gateway = new Gateway(sim, "gateway").filters(List.of(new ApiGateway(routes, auth.verifier())));
        Set<String> backends = new LinkedHashSet<>();
        Set<String> scopes = new LinkedHashSet<>();
        for (Route route : routes) {
            backends.add(route.backend());
            if (route.canary() != null) {
                backends.add(route.canary());
            }
            if (route.scope() != null) {
                scopes.add(route.scope());
            }
        }
        for (String backend : backends) {
            gateway.backend(backend, new Server(sim, backend).workers(10_000)
                    .serviceTime(Distribution.constant(Time.ms(1))));
        }
        RandomStream random = sim.random("test/traffic");
        List<String> names = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String name = "u" + Long.toHexString(random.nextLong() >>> 20);
            names.add(name);
            tokens.add(auth.issue(name, List.copyOf(scopes), Time.minutes(60)));
        }
        List<Kind> kinds = new ArrayList<>(mix.keySet());
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        long at = 0;
        Distribution gaps = Distribution.exponential(Time.ms(0.5));
        for (int i = 0; i < requests; i++) {
            at += gaps.sampleNanos(random);
            int u = inRounds ? (i < users ? i : i - users) : random.nextInt(users);
            String path = path(random, unroutedShare, inRounds);
            Route expected = Router.longestMatch(routes, path);
            Kind kind = kinds.get(kinds.size() - 1);
            double draw = random.nextDouble() * total;
            for (Kind k : kinds) {
                draw -= mix.get(k);
                if (draw < 0) {
                    kind = k;
                    break;
                }
            }
            if (kind == Kind.NO_SCOPE && (expected == null || expected.scope() == null)) {
                kind = Kind.VALID;
            }
            String user = names.get(u);
            String scope = expected == null ? null : expected.scope();
            long sendAt = at;
            String token = switch (kind) {
                case VALID -> tokens.get(u);
                case NO_SCOPE -> auth.issue(user, scopes.stream().filter(s -> !s.equals(scope)).toList(), Time.minutes(60));
                case FORGED -> auth.forge(user, List.copyOf(scopes), Time.minutes(60));
                case TAMPERED -> auth.tamper(auth.issue(user, List.of(), Time.minutes(60)), List.copyOf(scopes));
                case UNSIGNED -> auth.unsigned(user, List.copyOf(scopes), Time.minutes(60));
                case EXPIRED -> auth.issueUntil(user, List.copyOf(scopes), sendAt - 1 - random.nextInt(1_000_000_000));
                case MISSING -> null;
                case MALFORMED -> random.chance(0.5) ? "not-a-token" : "x.y.z";
            };
            Headers headers = token == null ? Headers.of("Accept", "application/json")
                    : Headers.of("Authorization", "Bearer " + token);
            HttpRequest request = new HttpRequest(i, Client.numbered(u), random.chance(0.8) ? "GET" : "POST", path,
                    headers, sendAt);
            Sent s = new Sent(request, kind, user, expected, new Exchange[1]);
            sent.add(s);
            gateway.handleAt(sendAt, request, exchange -> s.exchange[0] = exchange);
        }
        sim.run();
        verifications = auth.verifier().verifications();
    }

    /** A path under a random route: the prefix itself, below it, or a look-alike sibling segment. */
    private String path(RandomStream random, double unroutedShare, boolean underPrefix) {
        if (random.chance(unroutedShare)) {
            return "/unknown-" + random.nextInt(100) + "/x";
        }
        String prefix = random.pick(routes).prefix();
        String base = prefix.equals("/") ? "" : prefix;
        int form = underPrefix ? 9 : random.nextInt(10);
        if (form == 0) {
            return prefix;
        }
        if (form <= 2 && !base.isEmpty()) {
            return base + (random.chance(0.5) ? "summary" : "-archive/" + random.nextInt(1000));
        }
        return base + "/" + random.nextInt(100_000) + (random.chance(0.3) ? "/items" : "");
    }

    static GatewayRun run(long seed, List<Route> routes, int users, int requests, Map<Kind, Double> mix) {
        return new GatewayRun(seed, routes, users, requests, mix, 0.02, false);
    }

    /**
     * Every user sends one request, so the canary's share of traffic is close to its share of users; then the
     * first {@code again} users send a second one, to see that each sticks to one version.
     */
    static GatewayRun everyUserOnce(long seed, List<Route> routes, int users, int again) {
        return new GatewayRun(seed, routes, users, users + again, only(Kind.VALID), 0, true);
    }

    static Map<Kind, Double> only(Kind kind) {
        Map<Kind, Double> mix = new EnumMap<>(Kind.class);
        mix.put(kind, 1.0);
        return mix;
    }

    static Map<Kind, Double> mix(Kind... kinds) {
        Map<Kind, Double> mix = new EnumMap<>(Kind.class);
        for (Kind kind : kinds) {
            mix.put(kind, 1.0);
        }
        return mix;
    }

    private String describe(Sent s) {
        return s.request().method() + " " + s.request().path() + " (request #" + s.request().id() + ")";
    }

    private static String reached(Exchange exchange) {
        return exchange.backend() == null ? "was answered " + exchange.response().status()
                : "went to backend '" + exchange.backend() + "'";
    }

    /** Requests with a good token reach a backend of the longest route covering their path; others get 404. */
    void assertLongestPrefixWins() {
        for (Sent s : sent) {
            if (s.kind() != Kind.VALID) {
                continue;
            }
            Exchange done = s.done();
            String path = s.request().path();
            if (s.expected() == null) {
                if (done.backend() != null || done.response().status() != HttpResponse.NOT_FOUND) {
                    throw new AssertionError(String.format(Locale.ROOT,
                            "seed %d: %s %s, but no route covers it: answer 404 (HttpResponse.notFound())",
                            seed, describe(s), reached(done)));
                }
                continue;
            }
            Route expected = s.expected();
            String backend = done.backend();
            if (backend != null && (backend.equals(expected.backend()) || backend.equals(expected.canary()))) {
                continue;
            }
            String why = "";
            for (Route route : routes) {
                if (backend != null && route.backend().equals(backend) && path.startsWith(route.prefix())
                        && !Router.covers(route.prefix(), path)) {
                    why = "; " + route.prefix() + " is a prefix of the text but not of the path's segments: a route covers "
                            + route.prefix() + " and " + route.prefix() + "/..., not " + path;
                }
            }
            if (why.isEmpty()) {
                why = "; several routes can cover a path, and the one with the longest prefix wins, whatever order the routes come in";
            }
            throw new AssertionError(String.format(Locale.ROOT, "seed %d: %s %s; the longest route covering it is %s%s",
                    seed, describe(s), reached(done), expected, why));
        }
    }

    /** Every request without a valid token gets 401 with WWW-Authenticate, and none reaches a backend. */
    void assertUnauthorizedRefused() {
        Map<Kind, int[]> counts = new EnumMap<>(Kind.class);
        for (Sent s : sent) {
            if (s.kind() == Kind.VALID || s.kind() == Kind.NO_SCOPE || s.expected() == null) {
                continue;
            }
            int[] c = counts.computeIfAbsent(s.kind(), k -> new int[3]);
            c[0]++;
            if (s.done().backend() != null) {
                c[1]++;
            } else if (s.done().response().status() != HttpResponse.UNAUTHORIZED) {
                c[2]++;
            }
        }
        for (Map.Entry<Kind, int[]> entry : counts.entrySet()) {
            Kind kind = entry.getKey();
            int[] c = entry.getValue();
            if (c[1] > 0) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: %d of %d requests with %s reached a backend; none may. %s", seed, c[1], c[0], kind.words,
                        advice(kind)));
            }
            if (c[2] > 0) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: %d of %d requests with %s were refused, but not with 401: a request without valid "
                                + "credentials gets 401 Unauthorized (HttpResponse.unauthorized(reason)); 403 is for a valid "
                                + "identity that lacks the permission", seed, c[2], c[0], kind.words));
            }
        }
        for (Sent s : sent) {
            HttpResponse response = s.done().response();
            if (response.status() == HttpResponse.UNAUTHORIZED && response.header("WWW-Authenticate") == null) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: %s got 401 without a WWW-Authenticate header; HTTP asks for one on every 401 "
                                + "(HttpResponse.unauthorized(reason) adds it)", seed, describe(s)));
            }
        }
    }

    private String advice(Kind kind) {
        String never = verifications == 0 ? " Your gateway never called verifier.verify." : "";
        return switch (kind) {
            case FORGED, TAMPERED, UNSIGNED -> "Anyone can write any claims into a token; only the signature makes them "
                    + "true. Check every token with verifier.verify(request) and trust its claims only when isValid()." + never;
            case EXPIRED -> "The signature was real but the token had expired; verifier.verify says EXPIRED, and an "
                    + "expired token is refused like a forged one." + never;
            case MISSING, MALFORMED -> "A request without a bearer token has no identity: verify(request) says MISSING "
                    + "or MALFORMED, and the gateway answers 401." + never;
            default -> "";
        };
    }

    /** A valid token without the route's scope gets 403 and reaches no backend; one with it is not refused. */
    void assertScopesChecked() {
        for (Sent s : sent) {
            if (s.expected() == null || (s.kind() != Kind.NO_SCOPE && s.kind() != Kind.VALID)) {
                continue;
            }
            Exchange done = s.done();
            if (s.kind() == Kind.NO_SCOPE && (done.backend() != null || done.response().status() != HttpResponse.FORBIDDEN)) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: %s with a valid token that lacks scope %s %s; route %s needs that scope, so the answer "
                                + "is 403 Forbidden (HttpResponse.forbidden(reason)): the caller is known, but not allowed",
                        seed, describe(s), s.expected().scope(), reached(done), s.expected()));
            }
            if (s.kind() == Kind.VALID && done.backend() == null) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: %s with a valid token that has every scope was answered %d (%s) instead of reaching route %s",
                        seed, describe(s), done.response().status(), done.response().body(), s.expected()));
            }
        }
    }

    /** The canary gets its share of each route's requests within the tolerance, and each user sticks to one version. */
    void assertCanary(double tolerancePoints) {
        for (Route route : routes) {
            if (route.canary() == null) {
                continue;
            }
            Map<String, String> versionOf = new LinkedHashMap<>();
            long toRoute = 0;
            long toCanary = 0;
            for (Sent s : sent) {
                if (s.kind() != Kind.VALID || s.expected() != route || s.done().backend() == null) {
                    continue;
                }
                String backend = s.done().backend();
                toRoute++;
                if (backend.equals(route.canary())) {
                    toCanary++;
                }
                String before = versionOf.putIfAbsent(s.user(), backend);
                if (before != null && !before.equals(backend)) {
                    throw new AssertionError(String.format(Locale.ROOT,
                            "seed %d: user %s was sent to '%s' and later to '%s' on route %s; a user sees one version during "
                                    + "a canary (otherwise a page changes between two clicks and errors cannot be traced to a "
                                    + "version): decide from the token's subject, not per request",
                            seed, s.user(), before, backend, route));
                }
            }
            double share = 100.0 * toCanary / Math.max(1, toRoute);
            double want = 100 * route.canaryShare();
            if (Math.abs(share - want) > tolerancePoints) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "seed %d: the canary '%s' got %.2f%% of route %s's %d requests; it should get %.1f%% ± %.0f. Map each "
                                + "user to one of 10,000 buckets with a well-mixed hash of the subject and send buckets below "
                                + "share × 10,000 to the canary", seed, route.canary(), share, route.prefix(), toRoute, want,
                        tolerancePoints));
            }
        }
    }

    /** Attaches requests per backend, and what the hostile requests got. */
    void attachFigures() {
        Map<String, Long> perBackend = new TreeMap<>();
        Map<String, Long> hostileReached = new LinkedHashMap<>();
        for (Sent s : sent) {
            if (s.done().backend() != null) {
                perBackend.merge(s.done().backend(), 1L, Long::sum);
            }
            if (s.kind() != Kind.VALID && s.kind() != Kind.NO_SCOPE) {
                hostileReached.merge(s.kind().name().toLowerCase(Locale.ROOT), s.done().backend() != null ? 1L : 0L, Long::sum);
            }
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(new BarChart("Requests per backend (seed " + seed + ")", "backend", "requests",
                List.copyOf(perBackend.keySet()), perBackend.values().stream().map(Long::doubleValue).toList()));
        if (!hostileReached.isEmpty()) {
            figures.add(new BarChart("Requests without a valid token that reached a backend (want 0)", "token", "requests",
                    List.copyOf(hostileReached.keySet()), hostileReached.values().stream().map(Long::doubleValue).toList()));
        }
        Figures.attach(figures);
    }
}
