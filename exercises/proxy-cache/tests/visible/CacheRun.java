import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.http.CacheControl;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Gateway;
import dev.loadbearing.sim.http.Headers;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Server;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A shop's origin behind one caching reverse proxy (your ProxyCache), with users who are logged
 * in (they send Authorization) or anonymous. Every response the origin makes has a unique body,
 * so the run can tell, for every answer, which origin response it was, for whom and when it was
 * made: a copy served to the wrong user, past its freshness or against its Cache-Control shows.
 */
final class CacheRun {
    /** The kinds of page the shop serves and what its origin says about each. */
    enum Kind {
        PRODUCT("a product page, the same for everyone", "product pages"),
        PROMO("a promotion, the same for everyone", "promotions"),
        HELP("a help page, read by anonymous visitors", "help pages"),
        ACCOUNT("the user's account page", "account pages"),
        ORDERS("the user's order history", "order histories"),
        NEWS("the news feed", "news feeds"),
        LIVE("a live score", "live scores"),
        SEARCH("a search result", "search results"),
        REVIEW("a POST of a review", "reviews");

        final String what;
        final String plural;

        Kind(String what, String plural) {
            this.what = what;
            this.plural = plural;
        }
    }

    /** One page: its path, its kind and the Cache-Control its origin sends. */
    record Page(String path, Kind kind, String cacheControl, long freshSeconds, long staleIfError, boolean reusable) {
        boolean personal() {
            return kind == Kind.ACCOUNT || kind == Kind.ORDERS || kind == Kind.REVIEW;
        }
    }

    /** One response the origin made. */
    record Made(long number, Page page, String method, String user, boolean authorized, long requestId, long at) {
    }

    /** One answer a client got. */
    record Answer(HttpRequest request, String user, Page page, Exchange exchange, Made made) {
        long at() {
            return exchange.receivedAt();
        }
    }

    /** The numbers of a run. */
    record Tally(long requests, long gets, long originFetches, long reused, long staleServed, long errors) {
        double originLoadSaved() {
            return requests == 0 ? 0 : 1 - (double) originFetches / requests;
        }
    }

    final long seed;
    final Sim sim;
    final Server origin;
    final Gateway proxy;
    final RandomStream random;
    final List<Page> pages = new ArrayList<>();
    final List<Answer> answers = new ArrayList<>();
    final Map<String, Made> made = new HashMap<>();
    final Map<Long, String> userOfRequest = new HashMap<>();
    final List<long[]> faults = new ArrayList<>();
    final List<String> faultNames = new ArrayList<>();
    final String description;
    private final List<Page> products = new ArrayList<>();
    private final Map<String, Page> pageByPath = new HashMap<>();
    private final Map<Kind, List<Page>> byKind = new HashMap<>();
    private final int users;
    private final double loggedIn;
    private final double[] mix;
    private final Zipf popularity;
    private long nextId;
    private long nextBody;

    /**
     * A run with a randomised catalogue and traffic mix drawn from the seed.
     *
     * @param seed the seed
     * @param productCount how many product pages
     * @param users how many users
     */
    CacheRun(long seed, int productCount, int users) {
        this.seed = seed;
        this.users = users;
        sim = new Sim(seed);
        random = sim.random("test/traffic");
        Random setup = new Random(seed * 7919 + 13);
        loggedIn = 0.4 + 0.4 * setup.nextDouble();
        String[] names = {
            pickName(setup, "/products/", "/p/", "/item/", "/catalog/sku-"),
            pickName(setup, "/promo/", "/deals/", "/offers/"),
            pickName(setup, "/help/", "/docs/", "/faq/"),
            pickName(setup, "/account", "/profile", "/settings", "/me"),
            pickName(setup, "/me/orders", "/orders", "/history", "/my/purchases"),
            pickName(setup, "/news", "/feed", "/updates"),
            pickName(setup, "/live/score", "/stream/ticker", "/now"),
            pickName(setup, "/search/q", "/find/", "/s/")};
        long[] maxAges = {2, 5, 10, 30, 60};
        long[] staleIfErrors = {10, 30, 120};
        for (int i = 0; i < productCount; i++) {
            long maxAge = maxAges[setup.nextInt(maxAges.length)];
            long sie = setup.nextDouble() < 0.5 ? staleIfErrors[setup.nextInt(staleIfErrors.length)] : -1;
            add(new Page(names[0] + i, Kind.PRODUCT, "public, max-age=" + maxAge + (sie >= 0 ? ", stale-if-error=" + sie : ""),
                    maxAge, sie, true));
            products.add(pages.get(pages.size() - 1));
        }
        for (int i = 0; i < 4; i++) {
            long browser = 1 + setup.nextInt(3);
            long shared = 20 + setup.nextInt(41);
            add(new Page(names[1] + i, Kind.PROMO, "max-age=" + browser + ", s-maxage=" + shared, shared, -1, true));
        }
        for (int i = 0; i < 10; i++) {
            long maxAge = 10 + setup.nextInt(51);
            long sie = setup.nextBoolean() ? 60 : -1;
            add(new Page(names[2] + i, Kind.HELP, "max-age=" + maxAge + (sie >= 0 ? ", stale-if-error=" + sie : ""), maxAge, sie, true));
        }
        add(new Page(names[3], Kind.ACCOUNT, "private, max-age=" + (30 + setup.nextInt(60)), -1, -1, false));
        add(new Page(names[4], Kind.ORDERS, "max-age=" + (20 + setup.nextInt(40)), -1, -1, false));
        add(new Page(names[5], Kind.NEWS, "public, max-age=" + (30 + setup.nextInt(60)) + ", no-cache", -1, -1, false));
        add(new Page(names[6], Kind.LIVE, "no-store", -1, -1, false));
        for (int i = 0; i < 20; i++) {
            add(new Page(names[7] + i, Kind.SEARCH, null, -1, -1, false));
        }
        popularity = new Zipf(productCount, 0.8 + 0.4 * setup.nextDouble());
        double[] base = {0.55, 0.05, 0.08, 0.08, 0.06, 0.05, 0.04, 0.05, 0.04};
        mix = new double[base.length];
        double sum = 0;
        for (int i = 0; i < base.length; i++) {
            mix[i] = base[i] * (0.6 + 0.8 * setup.nextDouble());
            sum += mix[i];
        }
        for (int i = 0; i < mix.length; i++) {
            mix[i] /= sum;
        }
        origin = new Server(sim, "origin").workers(200).timeout(Time.seconds(1))
                .serviceTime(Distribution.exponential(Time.ms(15)));
        proxy = new Gateway(sim, "proxy").filters(List.of(new ProxyCache("origin"))).backend("origin", origin, this::serve);
        description = String.format(Locale.ROOT, "seed %d: %d products, %d users (%.0f%% logged in)", seed, productCount, users,
                loggedIn * 100);
    }

    private static String pickName(Random setup, String... choices) {
        return choices[setup.nextInt(choices.length)];
    }

    private void add(Page page) {
        pages.add(page);
        pageByPath.put(page.path(), page);
        byKind.computeIfAbsent(page.kind(), k -> new ArrayList<>()).add(page);
    }

    /** What the origin answers: a fresh body numbered in order, personal pages naming their user. */
    private HttpResponse serve(HttpRequest request) {
        Page page = pageOf(request);
        String user = userOfRequest.get(request.id());
        long number = ++nextBody;
        String body = page.kind() == Kind.REVIEW
                ? "review saved for " + user + " #" + number
                : page.path() + (page.personal() ? " for " + user : "") + " #" + number;
        made.put(body, new Made(number, page, request.method(), user, request.header("Authorization") != null, request.id(),
                sim.now()));
        HttpResponse response = HttpResponse.ok(body);
        return page.cacheControl() == null ? response : response.withHeader("Cache-Control", page.cacheControl());
    }

    private Page pageOf(HttpRequest request) {
        if (request.method().equals("POST")) {
            return new Page(request.path(), Kind.REVIEW, null, -1, -1, false);
        }
        Page page = pageByPath.get(request.path());
        if (page == null) {
            throw new IllegalStateException("no page " + request.path());
        }
        return page;
    }

    // ------------------------------------------------------------------ traffic

    /** Poisson arrivals at a rate, each a random user and page from the mix. */
    void traffic(double perSecond, long from, long to) {
        Distribution gaps = Distribution.exponential(Time.seconds(1) / perSecond);
        for (long at = from + gaps.sampleNanos(random); at < to; at += gaps.sampleNanos(random)) {
            int user = random.nextInt(users);
            boolean in = user < users * loggedIn;
            Kind kind = Kind.values()[pick()];
            if (!in && (kind == Kind.ACCOUNT || kind == Kind.ORDERS || kind == Kind.REVIEW)) {
                kind = Kind.PRODUCT;
            }
            if (in && kind == Kind.HELP) {
                kind = Kind.PRODUCT;
            }
            String method = "GET";
            Page page;
            if (kind == Kind.PRODUCT || kind == Kind.REVIEW) {
                page = products.get(popularity.rank(random) - 1);
                method = kind == Kind.REVIEW ? "POST" : "GET";
            } else {
                List<Page> choices = byKind.get(kind);
                page = choices.get(random.nextInt(choices.size()));
            }
            send(at, "user-" + user, in, method, page.path());
        }
    }

    private int pick() {
        double draw = random.nextDouble();
        for (int i = 0; i < mix.length - 1; i++) {
            draw -= mix[i];
            if (draw < 0) {
                return i;
            }
        }
        return mix.length - 1;
    }

    void send(long at, String user, boolean authorized, String method, String path) {
        long id = nextId++;
        Headers headers = authorized ? Headers.of("Authorization", "Bearer token-of-" + user) : Headers.none();
        HttpRequest request = new HttpRequest(id, Client.numbered(Integer.parseInt(user.substring(5))), method, path, headers, at);
        userOfRequest.put(id, authorized ? user : "anonymous");
        proxy.handleAt(at, request, exchange -> {
            HttpResponse response = exchange.response();
            Made source = response.status() == HttpResponse.OK ? made.get(response.body()) : null;
            Page page = method.equals("POST") ? new Page(path, Kind.REVIEW, null, -1, -1, false) : pageOf(request);
            answers.add(new Answer(request, user, page, exchange, source));
        });
    }

    /** The origin crashes (connections refused: 502 at once) from one time to another. */
    void crash(long from, long to) {
        origin.crashAt(from);
        origin.restartAt(to);
        faults.add(new long[] {from, to});
        faultNames.add("origin down");
    }

    /** The origin hangs (every request times out after the proxy's 1 s upstream timeout: 504), then is restarted. */
    void hang(long from, long to) {
        origin.speedAt(from, 0.0001);
        origin.speedAt(to, 1);
        origin.crashAt(to); // restarted by its supervisor: the stuck requests are gone
        origin.restartAt(to);
        faults.add(new long[] {from, to});
        faultNames.add("origin hangs");
    }

    void run() {
        sim.run();
    }

    /** Whether the origin was failing when an answer was given, give or take the upstream timeout after it heals. */
    boolean failing(Answer answer) {
        long at = answer.exchange().answeredAt();
        for (long[] fault : faults) {
            if (at >= fault[0] && at <= fault[1] + Time.ms(1500)) {
                return true;
            }
        }
        return false;
    }

    private boolean reusedCopy(Answer answer) {
        return answer.made() != null && answer.made().requestId() != answer.request().id();
    }

    private long age(Answer answer) {
        return answer.exchange().answeredAt() - answer.made().at();
    }

    Tally tally() {
        long gets = answers.stream().filter(a -> a.request().method().equals("GET")).count();
        long reused = answers.stream().filter(this::reusedCopy).count();
        long stale = answers.stream().filter(a -> reusedCopy(a) && a.page().freshSeconds() >= 0
                && age(a) > Time.seconds(a.page().freshSeconds())).count();
        long errors = answers.stream().filter(a -> a.exchange().response().status() >= 500).count();
        return new Tally(answers.size(), gets, origin.arrived(), reused, stale, errors);
    }

    private String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", Time.toSeconds(nanos));
    }

    private String cc(Page page) {
        return page.cacheControl() == null ? "no Cache-Control header" : "Cache-Control: " + page.cacheControl();
    }

    // ------------------------------------------------------------------ checks

    /** Fails on any answer whose body the origin never made for that path. */
    void assertOnlyOriginContent() {
        for (Answer a : answers) {
            HttpResponse response = a.exchange().response();
            if (response.status() == HttpResponse.OK && a.made() == null) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: %s %s at %s got 200 with the body \"%s\", which the origin never made. Serve the origin's "
                                + "response as it came (you may add headers such as Age), not a changed body",
                        description, a.request().method(), a.request().path(), seconds(a.at()), response.body()));
            }
            if (a.made() != null && !a.made().page().path().equals(a.request().path())) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: %s %s at %s was answered with the content of %s. The cache key must tell requests for "
                                + "different resources apart: at least the method and the path",
                        description, a.request().method(), a.request().path(), seconds(a.at()), a.made().page().path()));
            }
        }
    }

    /** Fails if a personal page reached another user, or was reused at all (a shared cache must not store it). */
    void assertNoPrivateLeaks() {
        for (Answer a : answers) {
            if (!reusedCopy(a) || !a.made().page().personal()) {
                continue;
            }
            Made m = a.made();
            String who = userOfRequest.get(a.request().id());
            if (m.method().equals("POST")) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: %s asked for %s %s at %s and got the origin's answer to %s's POST (\"%s\"). A response to a POST "
                                + "is not the resource: cache only GET responses, and key the cache by method and path",
                        description, who, a.request().method(), a.request().path(), seconds(a.at()), m.user(),
                        a.exchange().response().body()));
            }
            if (!who.equals(m.user())) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: PRIVATE LEAK. %s asked for GET %s at %s and got %s's page (made at %s, %s). %s",
                        description, who, a.request().path(), seconds(a.at()), m.user(), seconds(m.at()), cc(m.page()),
                        m.page().kind() == Kind.ACCOUNT
                                ? "'private' means the response is for one user: a shared cache (a proxy, a CDN) must not store "
                                + "it at all, only the user's own browser may"
                                : "The response has no 'public', but the request carried Authorization: a shared cache must not "
                                + "reuse a response to an authorized request unless it says public or s-maxage (RFC 9111 §3.5)"));
            }
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s asked for GET %s at %s and got a stored copy of their own page made at %s (%s). No leak this "
                            + "time, but a shared cache must not store it at all: %s", description, who, a.request().path(),
                    seconds(a.at()), seconds(m.at()), cc(m.page()),
                    m.page().kind() == Kind.ACCOUNT ? "'private' is for the browser's cache only"
                            : "a response to a request with Authorization is not for sharing unless it says public or s-maxage"));
        }
    }

    /** Fails if a response that forbids reuse (no-store, no-cache, no header, a POST) was reused, or a POST never reached the origin. */
    void assertNoForbiddenReuse() {
        for (Answer a : answers) {
            if (a.request().method().equals("POST")) {
                boolean reachedOrigin = a.exchange().backend() != null
                        && (a.made() == null ? a.exchange().response().status() >= 500 : a.made().requestId() == a.request().id());
                if (!reachedOrigin) {
                    throw new AssertionError(String.format(Locale.ROOT,
                            "%s: POST %s by %s at %s never reached the origin (it got %d%s): the review is lost. Only GET "
                                    + "(and HEAD) answers are cached; a POST changes something and always goes to the origin",
                            description, a.request().path(), a.user(), seconds(a.at()), a.exchange().response().status(),
                            a.made() != null ? ", with a stored copy of " + a.made().method() + " " + a.made().page().path() : ""));
                }
                continue;
            }
            if (!reusedCopy(a) || a.made().page().reusable() || a.made().page().personal()) {
                continue;
            }
            Made m = a.made();
            String why = switch (m.page().kind()) {
                case NEWS -> "'no-cache' does not mean 'do not store': it means 'ask the origin before every reuse'. Without "
                        + "revalidation in this model, that means: fetch it every time";
                case LIVE -> "'no-store' means no cache may keep it at all";
                case SEARCH -> "Without Cache-Control (or Expires) the origin said nothing about caching; like nginx, a proxy "
                        + "caches only what the origin allows";
                default -> "the origin did not allow it";
            };
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: GET %s at %s was answered with a stored copy made at %s (%s). %s", description, a.request().path(),
                    seconds(a.at()), seconds(m.at()), cc(m.page()), why));
        }
    }

    /** Fails if a copy was served past its freshness, beyond what stale-if-error allows while the origin fails. */
    void assertNothingTooStale() {
        for (Answer a : answers) {
            if (!reusedCopy(a) || !a.made().page().reusable()) {
                continue;
            }
            Page page = a.made().page();
            long age = age(a);
            long fresh = Time.seconds(page.freshSeconds());
            if (age <= fresh) {
                continue;
            }
            boolean allowed = page.staleIfError() >= 0 && failing(a) && age <= fresh + Time.seconds(page.staleIfError());
            if (allowed) {
                continue;
            }
            String lifetime = page.kind() == Kind.PROMO
                    ? "s-maxage=" + page.freshSeconds() + " (a shared cache uses s-maxage over max-age)"
                    : "max-age=" + page.freshSeconds();
            String rule;
            if (!failing(a)) {
                rule = "The origin was up: once a copy is older than its freshness lifetime, fetch a new one";
            } else if (page.staleIfError() < 0) {
                rule = "The origin was failing, but this page has no stale-if-error: the origin did not allow a stale copy, so "
                        + "the client gets the error (502/504)";
            } else {
                rule = "The origin was failing and stale-if-error=" + page.staleIfError() + " allows a copy up to "
                        + (page.freshSeconds() + page.staleIfError()) + " s old, no older";
            }
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: GET %s at %s got a copy made at %s: %.1f s old, with %s. %s", description, a.request().path(),
                    seconds(a.at()), seconds(a.made().at()), Time.toSeconds(age), lifetime, rule));
        }
    }

    /**
     * Fails if the proxy asked the origin for a page while it already had a fresh copy it may
     * reuse, for more than {@code tolerance} of such requests of any kind of page (products,
     * promotions, help pages, each counted on its own).
     */
    void assertFreshCopiesAreReused(double tolerance) {
        Map<String, Made> latest = new HashMap<>();
        List<Made> byTime = new ArrayList<>(made.values());
        byTime.sort((x, y) -> Long.compare(x.number(), y.number()));
        List<Answer> ordered = new ArrayList<>(answers);
        ordered.sort((x, y) -> Long.compare(x.at(), y.at()));
        int next = 0;
        Map<Kind, long[]> counts = new java.util.EnumMap<>(Kind.class);
        Map<Kind, Answer> firstWasted = new java.util.EnumMap<>(Kind.class);
        Map<Kind, Made> firstCopy = new java.util.EnumMap<>(Kind.class);
        for (Answer a : ordered) {
            while (next < byTime.size() && byTime.get(next).at() < a.at()) {
                Made m = byTime.get(next++);
                if (m.page().reusable() && m.method().equals("GET")) {
                    latest.put(m.page().path(), m);
                }
            }
            if (!a.request().method().equals("GET") || !a.page().reusable()) {
                continue;
            }
            Made copy = latest.get(a.request().path());
            // a copy within 100 ms of its expiry is not counted: a cache may count age from when it sent the request
            if (copy == null || a.at() - copy.at() >= Time.seconds(copy.page().freshSeconds()) - Time.ms(100)) {
                continue;
            }
            long[] count = counts.computeIfAbsent(a.page().kind(), k -> new long[2]);
            count[0]++;
            if (a.exchange().backend() != null) {
                count[1]++;
                firstWasted.putIfAbsent(a.page().kind(), a);
                firstCopy.putIfAbsent(a.page().kind(), copy);
            }
        }
        if (counts.isEmpty()) {
            throw new AssertionError(description + ": no request had a fresh copy to reuse; the test is broken");
        }
        for (Map.Entry<Kind, long[]> entry : counts.entrySet()) {
            long chances = entry.getValue()[0];
            long wasted = entry.getValue()[1];
            if (wasted <= Math.max(1, tolerance * chances)) {
                continue;
            }
            Kind kind = entry.getKey();
            Answer first = firstWasted.get(kind);
            Page page = firstCopy.get(kind).page();
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d of %d requests for %s that had a fresh copy to reuse went to the origin anyway (%.1f%%; at most "
                            + "%.0f%% may). The first: GET %s at %s%s, though the origin had answered it at %s with %s, fresh for "
                            + "%d s. %s", description, wasted, chances, kind.plural, 100.0 * wasted / chances, tolerance * 100,
                    first.request().path(), seconds(first.at()), first.request().header("Authorization") != null
                            ? " from logged-in " + first.user() : " from an anonymous visitor", seconds(firstCopy.get(kind).at()),
                    cc(page), page.freshSeconds(),
                    kind == Kind.PROMO ? "A shared cache's lifetime is s-maxage when the response has one: max-age is for browsers"
                            : kind == Kind.HELP ? "Without Authorization on the request, a response needs no 'public' to be "
                            + "stored: max-age is enough"
                            : "Store what the origin allows and answer from the copy while it is fresh, whoever asks"));
        }
    }

    /**
     * Fails if, while the origin was failing, a client got an error although the proxy held a copy
     * that stale-if-error allowed, or if errors went on after the origin recovered.
     */
    void assertStaleIfErrorKeepsPagesUp() {
        Map<String, Made> latest = new HashMap<>();
        List<Made> byTime = new ArrayList<>(made.values());
        byTime.sort((x, y) -> Long.compare(x.number(), y.number()));
        List<Answer> ordered = new ArrayList<>(answers);
        ordered.sort((x, y) -> Long.compare(x.at(), y.at()));
        int next = 0;
        for (Answer a : ordered) {
            while (next < byTime.size() && byTime.get(next).at() < a.at()) {
                Made m = byTime.get(next++);
                if (m.page().reusable() && m.method().equals("GET")) {
                    latest.put(m.page().path(), m);
                }
            }
            int status = a.exchange().response().status();
            if (status < 500) {
                continue;
            }
            if (!failing(a)) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: %s %s at %s got %d although the origin was up then%s. Never store an error as if it were the page",
                        description, a.request().method(), a.request().path(), seconds(a.at()), status, faults.isEmpty() ? ""
                                : " (it failed from " + seconds(faults.get(0)[0]) + " to " + seconds(faults.get(0)[1]) + ")"));
            }
            Made copy = a.request().method().equals("GET") && a.page().reusable() ? latest.get(a.request().path()) : null;
            if (copy == null || copy.page().staleIfError() < 0) {
                continue;
            }
            long age = a.exchange().answeredAt() - copy.at();
            long limit = Time.seconds(copy.page().freshSeconds() + copy.page().staleIfError());
            if (age < limit - Time.ms(250)) { // a cache may count age from when it sent the request
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: the origin was failing and GET %s at %s got %d, although a copy made at %s (%.1f s old) had passed through the proxy "
                                + "and %s allows serving it for up to %d s when the origin fails. Keep copies past their "
                                + "freshness; answer one when the origin answers 5xx and stale-if-error allows it",
                        description, a.request().path(), seconds(a.at()), status, seconds(copy.at()), Time.toSeconds(age),
                        cc(copy.page()), copy.page().freshSeconds() + copy.page().staleIfError()));
            }
        }
    }

    // ------------------------------------------------------------------ figure

    /** Client requests, origin fetches, stale answers and errors per second, with the faults as bands. */
    void attachFigure(long until) {
        int bins = (int) Math.min(600, Math.max(1, until / Time.seconds(1)));
        double[] requests = new double[bins];
        double[] fetched = new double[bins];
        double[] stale = new double[bins];
        double[] errors = new double[bins];
        for (Answer a : answers) {
            int bin = (int) (a.at() / Time.seconds(1));
            if (bin >= bins) {
                continue;
            }
            requests[bin]++;
            if (a.exchange().backend() != null) {
                fetched[bin]++;
            }
            if (reusedCopy(a) && a.made().page().freshSeconds() >= 0 && age(a) > Time.seconds(a.made().page().freshSeconds())) {
                stale[bin]++;
            }
            if (a.exchange().response().status() >= 500) {
                errors[bin]++;
            }
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            seconds.add((double) i);
        }
        List<Band> bands = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            bands.add(new Band(Time.toSeconds(faults.get(i)[0]), Time.toSeconds(faults.get(i)[1]), faultNames.get(i)));
        }
        Tally t = tally();
        Figures.attach(new TimeSeriesChart(String.format(Locale.ROOT,
                "Requests per second at the proxy and at the origin (%s; origin load saved %.0f%%)", description,
                100 * t.originLoadSaved()), "requests per second", List.of(
                new TimeSeriesChart.Series("client requests", seconds, list(requests)),
                new TimeSeriesChart.Series("sent to the origin", seconds, list(fetched)),
                new TimeSeriesChart.Series("stale copies served", seconds, list(stale)),
                new TimeSeriesChart.Series("errors (5xx)", seconds, list(errors))), bands));
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    @Override
    public String toString() {
        Tally t = tally();
        return String.format(Locale.ROOT, "%s: %d requests, %d to the origin (%.1f%% saved), %d reused, %d stale, %d errors",
                description, t.requests(), t.originFetches(), 100 * t.originLoadSaved(), t.reused(), t.staleServed(), t.errors());
    }

    static CacheControl parse(String header) {
        return CacheControl.parse(header);
    }
}
