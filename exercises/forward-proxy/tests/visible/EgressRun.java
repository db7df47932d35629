import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Gateway;
import dev.loadbearing.sim.http.Headers;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * An office's forward proxy (your EgressPolicy in front of "internet") and requests from laptops,
 * each naming its destination in the Host header. Every request has a verdict known by how it was
 * made: a name the allow-list names, or a look-alike that is not. The run records what reached
 * the internet (and with which headers) and what the laptops were told. Every laptop logs in to
 * the proxy with a Proxy-Authorization header, which must never leave the office.
 */
final class EgressRun {
    /** One request to make: its Host header (null for none), its method, whether it must get out, and why. */
    record Case(String host, String method, boolean allow, String kind, String why) {
    }

    /** What happened to one case, and the headers the internet saw if it got out. */
    record Outcome(Case sent, int status, boolean reachedInternet, Headers seenOutside) {
        boolean right() {
            return sent.allow() ? status == HttpResponse.OK && reachedInternet : status == HttpResponse.FORBIDDEN && !reachedInternet;
        }
    }

    /** Domains an office might allow; the attacker's domains are never among them. */
    static final List<String> POOL = List.of("github.com", "pypi.org", "registry.npmjs.org", "repo.maven.apache.org",
            "api.openai.com", "slack.com", "okta.com", "docker.io", "ubuntu.com", "googleapis.com", "amazonaws.com",
            "pythonhosted.org", "sentry.io", "atlassian.net");
    static final List<String> ATTACKERS = List.of("evil.net", "attacker.io", "phish.example");

    final long seed;
    final Sim sim;
    final Gateway proxy;
    final List<String> allowList;
    final Set<Integer> ports;
    final List<Case> cases = new ArrayList<>();
    final List<Outcome> outcomes = new ArrayList<>();
    private final Map<Long, Headers> reached = new LinkedHashMap<>();
    private long nextId;

    EgressRun(long seed, List<String> allowList, Set<Integer> ports) {
        this.seed = seed;
        this.allowList = List.copyOf(allowList);
        this.ports = new TreeSet<>(ports);
        sim = new Sim(seed);
        Server internet = new Server(sim, "internet").workers(1000).serviceTime(Distribution.constant(Time.ms(30)));
        proxy = new Gateway(sim, "egress-proxy").filters(List.of(new EgressPolicy(this.allowList, this.ports)))
                .backend("internet", internet, request -> {
                    reached.put(request.id(), request.headers());
                    return HttpResponse.ok("hello from " + request.header("Host"));
                });
    }

    /** A random allow-list from the seed: exact names, wildcards, an internal address, in mixed case now and then. */
    static EgressRun random(long seed) {
        Random random = new Random(seed * 31 + 7);
        List<String> pool = new ArrayList<>(POOL);
        java.util.Collections.shuffle(pool, random);
        int count = 4 + random.nextInt(5);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String domain = pool.get(i);
            String entry = random.nextInt(3) == 0 ? "*." + domain : domain;
            if (random.nextInt(5) == 0) {
                entry = entry.toUpperCase(Locale.ROOT);
            }
            list.add(entry);
        }
        list.add("10." + (1 + random.nextInt(250)) + ".0." + (1 + random.nextInt(250)));
        Set<Integer> ports = random.nextBoolean() ? Set.of(443) : Set.of(80, 443);
        EgressRun run = new EgressRun(seed, list, ports);
        run.casesForEveryEntry(random);
        return run;
    }

    void add(String host, String method, boolean allow, String kind, String why) {
        cases.add(new Case(host, method, allow, kind, why));
    }

    /** For each entry, the names it allows and the look-alikes it must not, plus addresses and garbage. */
    void casesForEveryEntry(Random random) {
        String attacker = ATTACKERS.get(random.nextInt(ATTACKERS.size()));
        int badPort = List.of(22, 25, 3306, 6379, 8080, 8443).get(random.nextInt(6));
        for (String entry : allowList) {
            String e = entry.toLowerCase(Locale.ROOT);
            if (e.startsWith("10.")) {
                add(e + ":443", "CONNECT", true, "exact address", "the internal address itself");
                add("0" + e + ":443", "CONNECT", false, "address look-alike",
                        "a leading zero: many resolvers read 010 as octal 8, another address");
                add(e.substring(0, e.lastIndexOf('.') + 1) + "0" + e.substring(e.lastIndexOf('.') + 1) + ":443", "CONNECT", false,
                        "address look-alike", "a padded last part is not how the address is written on the allow-list");
                String[] parts = e.split("\\.");
                long integer = Long.parseLong(parts[0]) << 24 | Long.parseLong(parts[1]) << 16 | Long.parseLong(parts[2]) << 8
                        | Long.parseLong(parts[3]);
                add(integer + ":443", "CONNECT", false, "address look-alike",
                        "the same address as one integer: resolvers accept it, the allow-list does not name it");
                add(e + "." + attacker, "CONNECT", false, "suffix attack", "a name under " + attacker + " that starts like the address");
                continue;
            }
            boolean wildcard = e.startsWith("*.");
            String domain = wildcard ? e.substring(2) : e;
            String mixed = mixCase(domain, random);
            if (wildcard) {
                String sub = List.of("files", "api", "cdn", "eu-west-1.s3", "a.b.c").get(random.nextInt(5));
                add(sub + "." + domain + ":443", "CONNECT", true, "subdomain", "a subdomain of " + domain + ", which *." + domain + " allows");
                add(mixCase(sub + "." + domain, random) + ":443", "CONNECT", true, "case", "host names compare without regard to case");
                add(sub + "." + domain + ".:443", "CONNECT", true, "trailing dot", "a trailing dot is the same, fully qualified name");
                add(domain + ":443", "CONNECT", false, "apex", "*." + domain + " allows names below " + domain + ", not " + domain
                        + " itself");
                add("x" + domain + ":443", "CONNECT", false, "no dot", "x" + domain + " is someone else's domain: it ends with the "
                        + "text '" + domain + "' but not with the label '." + domain + "'");
                add(sub + "." + domain + "." + attacker + ":443", "CONNECT", false, "suffix attack",
                        "a name under " + attacker + " that starts like " + sub + "." + domain);
                add("." + domain + ":443", "CONNECT", false, "empty label", "a name cannot start with a dot (an empty label)");
                add(sub + "." + domain + ":" + badPort, "CONNECT", false, "port", "port " + badPort + " is not an allowed port");
            } else {
                add(domain + ":443", "CONNECT", true, "exact", domain + " is on the allow-list");
                add(mixed + ":443", "CONNECT", true, "case", "host names compare without regard to case");
                add(domain + ".:443", "CONNECT", true, "trailing dot", "a trailing dot is the same, fully qualified name");
                add(domain, "CONNECT", true, "no port", "a CONNECT without a port goes to 443");
                add(domain, "GET", ports.contains(80), "plain http", ports.contains(80)
                        ? "a plain-HTTP GET without a port goes to 80, an allowed port"
                        : "a plain-HTTP GET without a port goes to port 80, which is not allowed here");
                add(domain + "." + attacker + ":443", "CONNECT", false, "suffix attack",
                        domain + "." + attacker + " is a name under " + attacker + "; a 'starts with' check lets it through");
                add("evil" + domain + ":443", "CONNECT", false, "no dot",
                        "evil" + domain + " ends with the text '" + domain + "' but is another domain");
                add("www." + domain + ":443", "CONNECT", false, "subdomain of an exact entry",
                        "the entry " + domain + " names that host only; its subdomains would need *." + domain);
                add(domain + ":" + badPort, "CONNECT", false, "port", "port " + badPort + " is not an allowed port");
                add(domain + ":99999", "CONNECT", false, "bad port", "99999 is not a port (they end at 65535)");
                add(domain + ":", "CONNECT", false, "bad port", "an empty port is not a port");
                add(domain + "..:443", "CONNECT", false, "empty label", "two trailing dots make an empty label: not a host name");
                add("user@" + domain + ":443", "CONNECT", false, "userinfo",
                        "'@' has no place in a Host; a URL parser would send this to " + domain + ", another might not");
            }
        }
        add("169.254.169.254", "GET", false, "address", "the cloud metadata address: the classic egress target of an attack");
        add("140.82.112.3:443", "CONNECT", false, "address", "an address literal not on the allow-list, whatever name it serves");
        add("[2606:50c0:8000::153]:443", "CONNECT", false, "address", "an IPv6 literal not on the allow-list");
        add(attacker + ":443", "CONNECT", false, "not listed", attacker + " is not on the allow-list");
        add("localhost:443", "CONNECT", false, "not listed", "localhost is not on the allow-list");
        add(null, "GET", false, "no host", "a request without a Host names no destination");
        java.util.Collections.shuffle(cases, random);
    }

    static String mixCase(String name, Random random) {
        StringBuilder out = new StringBuilder();
        boolean changed = false;
        for (char c : name.toCharArray()) {
            boolean upper = Character.isLetter(c) && random.nextBoolean();
            changed |= upper;
            out.append(upper ? Character.toUpperCase(c) : c);
        }
        if (!changed) {
            out.setCharAt(0, Character.toUpperCase(out.charAt(0)));
        }
        return out.toString();
    }

    void run() {
        long at = Time.ms(1);
        for (Case c : cases) {
            long id = nextId++;
            String user = "user-" + (id % 200);
            Headers headers = Headers.of("User-Agent", "pip/24.0", "Proxy-Authorization", "Basic "
                    + java.util.Base64.getEncoder().encodeToString((user + ":pw-" + Long.toHexString(seed * 1_000_003 + id % 200))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            headers = c.host() == null ? headers : headers.with("Host", c.host());
            HttpRequest request = new HttpRequest(id, Client.numbered((int) (id % 200)), c.method(), "/", headers, at);
            proxy.handleAt(at, request, exchange -> record(c, exchange));
            at += Time.ms(2);
        }
        sim.run();
    }

    private void record(Case c, Exchange exchange) {
        outcomes.add(new Outcome(c, exchange.response().status(), reached.containsKey(exchange.request().id()),
                reached.get(exchange.request().id())));
    }

    String where() {
        return "seed " + seed + ", allow-list " + allowList + ", ports " + ports;
    }

    /** Fails on the first request that got out but must not, then on the first that was refused but may go. */
    void assertEveryVerdict() {
        for (Outcome o : outcomes) {
            if (!o.sent().allow() && o.reachedInternet()) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: %s with Host: %s reached the internet; it must be refused (%s). %s", where(), o.sent().method(),
                        o.sent().host(), o.sent().why(), advice(o.sent())));
            }
        }
        for (Outcome o : outcomes) {
            if (!o.right()) {
                Case c = o.sent();
                throw new AssertionError(c.allow()
                        ? String.format(Locale.ROOT, "%s: %s with Host: %s got %d; it must get out (%s). %s", where(), c.method(),
                                c.host(), o.status(), c.why(), advice(c))
                        : String.format(Locale.ROOT, "%s: %s with Host: %s got %d; a refusal is 403 Forbidden "
                                + "(HttpResponse.forbidden)", where(), c.method(), c.host(), o.status()));
            }
        }
        for (Outcome o : outcomes) {
            if (!o.reachedInternet()) {
                continue;
            }
            Headers outside = o.seenOutside();
            if (outside.has("Proxy-Authorization")) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: %s to %s reached the internet with the laptop's Proxy-Authorization header (%s): the office "
                                + "password of that user went to a third party. Proxy-Authorization is for this proxy only (a "
                                + "hop-by-hop header): forward a copy without it, "
                                + "exchange.forward(\"internet\", request.withHeaders(request.headers().without(\"Proxy-Authorization\")))",
                        where(), o.sent().method(), o.sent().host(), outside.get("Proxy-Authorization")));
            }
            if (!o.sent().host().equals(outside.get("Host")) || !"pip/24.0".equals(outside.get("User-Agent"))) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: %s to %s reached the internet with the headers %s; drop only Proxy-Authorization and pass the "
                                + "rest (Host, User-Agent) on unchanged", where(), o.sent().method(), o.sent().host(), outside));
            }
        }
        if (outcomes.size() != cases.size()) {
            throw new AssertionError(where() + ": " + (cases.size() - outcomes.size()) + " requests were never answered");
        }
    }

    private static String advice(Case c) {
        return switch (c.kind()) {
            case "suffix attack", "no dot", "apex", "subdomain of an exact entry" -> "Compare whole labels: a name matches an exact "
                    + "entry only if it is equal, and *.domain only if it ends with '.domain', dot included";
            case "case", "trailing dot" -> "Normalise before comparing: lowercase (Locale.ROOT) and drop one trailing dot, for the "
                    + "request and for the allow-list entries";
            case "port", "bad port", "no port", "plain http" -> "Split the port off the last ':'; it must be digits, 1 to 65535, "
                    + "and allowed; without one, CONNECT means 443 and anything else 80";
            case "address look-alike", "address", "exact address" -> "An address matches only an address entry written "
                    + "exactly the same way; other spellings of numbers are refused";
            default -> "Refuse what does not parse as a host name with every label non-empty";
        };
    }

    /** The share of right verdicts per kind of request. */
    void attachFigure() {
        Map<String, int[]> byKind = new java.util.TreeMap<>();
        for (Outcome o : outcomes) {
            int[] counts = byKind.computeIfAbsent((o.sent().allow() ? "allow: " : "refuse: ") + o.sent().kind(), k -> new int[2]);
            counts[o.right() ? 0 : 1]++;
        }
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : byKind.entrySet()) {
            int right = entry.getValue()[0];
            int all = right + entry.getValue()[1];
            labels.add(entry.getKey() + " (" + right + " of " + all + ")");
            values.add(100.0 * right / all);
        }
        long wrong = outcomes.stream().filter(o -> !o.right()).count();
        Figures.attach(new BarChart(String.format(Locale.ROOT, "Right verdicts per kind of request (seed %d; %d of %d wrong)", seed,
                wrong, outcomes.size()), "kind of request", "right verdicts (%)", labels, values));
    }
}
