import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Figure;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Gateway;
import dev.loadbearing.sim.http.Headers;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import dev.loadbearing.sim.http.Route;
import dev.loadbearing.sim.http.Router;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.store.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One or more gateway instances, each running its own RateLimiter in front of one backend, all
 * sharing one store with its own latency. Sends traffic per API key, records every answer, and
 * checks the limits with messages that say what went wrong.
 */
final class LimitRun {
    record Hit(String key, int instance, long at, int status, String retryAfter, long answeredAt) {
        boolean allowed() {
            return status == HttpResponse.OK;
        }
    }

    final long seed;
    final double rate;
    final int burst;
    final Sim sim;
    final Cache<String, RateLimiter.Bucket> store;
    final List<Gateway> gateways = new ArrayList<>();
    final List<Hit> hits = new ArrayList<>();
    final RandomStream random;
    private long nextId;

    LimitRun(long seed, int instances, double rate, int burst, Distribution storeLatency) {
        this.seed = seed;
        this.rate = rate;
        this.burst = burst;
        sim = new Sim(seed);
        random = sim.random("test/traffic");
        store = new Cache<String, RateLimiter.Bucket>(sim, "limits").latency(storeLatency);
        Server api = new Server(sim, "api").workers(100_000).serviceTime(Distribution.constant(Time.ms(2)));
        for (int i = 0; i < instances; i++) {
            gateways.add(new Gateway(sim, "gateway-" + (i + 1))
                    .filters(List.of(new RateLimiter(rate, burst, store), new Router(List.of(Route.to("/", "api")))))
                    .backend("api", api));
        }
    }

    LimitRun(long seed, int instances, double rate, int burst) {
        this(seed, instances, rate, burst, Distribution.uniform(Time.ms(0.2), Time.ms(1)));
    }

    /** Sends one request for a key to an instance at a time; then calls {@code then} with what came back. */
    void send(long at, String key, int instance, Consumer<Hit> then) {
        HttpRequest request = new HttpRequest(nextId++, Client.numbered(Math.floorMod(key.hashCode(), 1 << 20)), "GET",
                "/v1/search", Headers.of("X-Api-Key", key), at);
        gateways.get(instance).handleAt(at, request, exchange -> record(key, instance, exchange, then));
    }

    private void record(String key, int instance, Exchange exchange, Consumer<Hit> then) {
        HttpResponse response = exchange.response();
        Hit hit = new Hit(key, instance, exchange.receivedAt(), response.status(), response.header("Retry-After"),
                exchange.answeredAt());
        hits.add(hit);
        if (then != null) {
            then.accept(hit);
        }
    }

    /** {@code count} requests for a key at the same instant, to one instance. */
    void burst(String key, int count, long at, int instance) {
        for (int i = 0; i < count; i++) {
            send(at, key, instance, null);
        }
    }

    /** Poisson arrivals at a rate for a key, from one time to another, spread over instances by weight. */
    void poisson(String key, double perSecond, long from, long to, double[] weights) {
        Distribution gaps = Distribution.exponential(Time.seconds(1) / perSecond);
        for (long at = from + gaps.sampleNanos(random); at < to; at += gaps.sampleNanos(random)) {
            send(at, key, pick(weights), null);
        }
    }

    /** A steady client: one request every 1/perSecond, each moved by up to ±20% of the gap. */
    void steady(String key, double perSecond, long from, long to, double[] weights) {
        double gap = Time.seconds(1) / perSecond;
        for (long k = 1; from + k * gap < to; k++) {
            send((long) (from + k * gap + (random.nextDouble() - 0.5) * 0.4 * gap), key, pick(weights), null);
        }
    }

    private int pick(double[] weights) {
        double draw = random.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    void run() {
        sim.run();
    }

    List<Hit> of(String key) {
        return hits.stream().filter(h -> h.key().equals(key)).sorted((a, b) -> Long.compare(a.at(), b.at())).toList();
    }

    long allowed(String key) {
        return of(key).stream().filter(Hit::allowed).count();
    }

    /** The most requests of a key allowed in any window of {@code window} nanoseconds, with where it starts. */
    long[] busiestWindow(String key, long window) {
        List<Long> times = of(key).stream().filter(Hit::allowed).map(Hit::at).toList();
        long best = 0;
        long start = 0;
        int left = 0;
        for (int right = 0; right < times.size(); right++) {
            while (times.get(right) - times.get(left) >= window) {
                left++;
            }
            if (right - left + 1 > best) {
                best = right - left + 1;
                start = times.get(left);
            }
        }
        return new long[] {best, start};
    }

    String where() {
        return String.format(Locale.ROOT, "seed %d, %s/s with bursts of %d%s", seed, num(rate), burst,
                gateways.size() > 1 ? ", " + gateways.size() + " gateway instances sharing the store" : "");
    }

    static String num(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Fails unless {@code count} requests sent at once (at {@code at}) for a fresh key let exactly the burst through. */
    void assertBurst(String key, int count, long at) {
        List<Hit> together = of(key).stream().filter(h -> h.at() == at).toList();
        long allowed = together.stream().filter(Hit::allowed).count();
        if (allowed > burst) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d requests for %s arrived at once and %d got through; a full bucket holds %d tokens, so %d pass and "
                            + "the rest get 429. A fixed window or a log of the last second lets a whole second's allowance "
                            + "through at once. If you read the bucket with store.get and wrote it back with put, every request "
                            + "read the full bucket before any wrote it: store.update reads and writes in one step",
                    where(), count, key, allowed, burst, burst));
        }
        if (allowed < burst) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d requests for %s arrived at once and only %d got through; a fresh key starts with a full bucket of %d",
                    where(), count, key, allowed, burst));
        }
        for (Hit hit : together) {
            if (!hit.allowed() && hit.status() != HttpResponse.TOO_MANY_REQUESTS) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: a request over the limit got %d; it gets 429 Too Many Requests (HttpResponse.tooManyRequests)",
                        where(), hit.status()));
            }
        }
    }

    /** Fails if more than rate + burst requests of a key got through in any one-second window. */
    void assertAnySecond(String key, double tolerance) {
        long[] busiest = busiestWindow(key, Time.seconds(1));
        double most = (rate + burst) * tolerance;
        if (busiest[0] > Math.floor(most + 1e-9)) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d requests of %s got through in the second from %.3f s; at most %s/s × 1 s + %d = %s may. A fixed "
                            + "window resets at each whole second, so a client can spend one window's allowance at its end and "
                            + "the next window's at the start of the next: twice the limit in a moment. A token bucket refills "
                            + "continuously, one token every 1/rate seconds, and never holds more than the burst",
                    where(), busiest[0], key, Time.toSeconds(busiest[1]), num(rate), burst, num(Math.floor(most + 1e-9))));
        }
    }

    /** Fails if a key that sends more than the limit gets much less than the limit through. */
    void assertNotTooStrict(String key, long from, long to, double atLeast) {
        long allowed = of(key).stream().filter(h -> h.allowed() && h.at() >= from && h.at() < to).count();
        double expected = rate * Time.toSeconds(to - from);
        if (allowed < atLeast * expected) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s sent more than the limit for %.0f s but only %d requests got through; the limit allows about %.0f "
                            + "(%s/s). A limiter should refuse what is over the rate, not more",
                    where(), key, Time.toSeconds(to - from), allowed, expected, num(rate)));
        }
    }

    /** Fails if a key sending under the limit saw any 429. */
    void assertNoRejections(String key, double perSecond) {
        List<Hit> rejected = of(key).stream().filter(h -> !h.allowed()).toList();
        if (!rejected.isEmpty()) {
            Hit first = rejected.get(0);
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s sends a steady %s/s, under the limit, yet %d of its %d requests were refused, the first at %.3f s "
                            + "with %d at %s. A client under the rate must never be refused%s",
                    where(), key, num(perSecond), rejected.size(), of(key).size(), Time.toSeconds(first.at()), first.status(),
                    gateways.get(first.instance()).name(),
                    gateways.size() > 1 ? ": if each instance keeps its own share of the limit, an instance that gets more "
                            + "than its share of a key's traffic refuses it; keep one bucket per key in the shared store" : ""));
        }
    }

    /** Fails if all instances together let a flooding key through at more than {@code tolerance} times the limit. */
    void assertGlobalLimit(String key, long from, long to, double tolerance) {
        long allowed = of(key).stream().filter(h -> h.allowed() && h.at() >= from && h.at() < to).count();
        double limit = rate * Time.toSeconds(to - from) + burst;
        if (allowed > tolerance * limit && of(key).stream().noneMatch(h -> !h.allowed())) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s sent about %.1f× what the limit allows for %.0f s and not one request was refused: %d got through, where the "
                            + "limit allows %.0f", where(), key, of(key).size() / limit, Time.toSeconds(to - from), allowed, limit));
        }
        if (allowed > tolerance * limit) {
            long[] perInstance = new long[gateways.size()];
            of(key).stream().filter(Hit::allowed).forEach(h -> perInstance[h.instance()]++);
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: the %d instances together let %d requests of %s through in %.0f s, %.2f× the limit of %.0f (%s/s × "
                            + "%.0f s + %d); per instance %s. Each instance counted only what it saw; a limit per key must be "
                            + "counted where every instance sees it: keep the bucket in the shared store and change it with "
                            + "store.update", where(), gateways.size(), allowed, key, Time.toSeconds(to - from), allowed / limit,
                    limit, num(rate), Time.toSeconds(to - from), burst, java.util.Arrays.toString(perInstance)));
        }
    }

    /** Allowed and rejected per 100 ms for a key, and allowed per instance when there are several. */
    void attachFigures(String key, long until) {
        int bins = (int) Math.min(600, until / Time.ms(100));
        double[] allowed = new double[bins];
        double[] rejected = new double[bins];
        double[][] perInstance = new double[gateways.size()][bins];
        for (Hit hit : of(key)) {
            int bin = (int) (hit.at() / Time.ms(100));
            if (bin >= bins) {
                continue;
            }
            if (hit.allowed()) {
                allowed[bin]++;
                perInstance[hit.instance()][bin]++;
            } else {
                rejected[bin]++;
            }
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            seconds.add(i * 0.1);
        }
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        series.add(new TimeSeriesChart.Series("allowed (200)", seconds, list(allowed)));
        series.add(new TimeSeriesChart.Series("rejected (429)", seconds, list(rejected)));
        List<Figure> figures = new ArrayList<>();
        figures.add(new TimeSeriesChart(key + ": requests per 100 ms (limit " + num(rate / 10) + " per 100 ms, seed " + seed + ")",
                "requests per 100 ms", series, List.of()));
        if (gateways.size() > 1) {
            List<TimeSeriesChart.Series> instances = new ArrayList<>();
            for (int i = 0; i < gateways.size(); i++) {
                instances.add(new TimeSeriesChart.Series(gateways.get(i).name(), seconds, list(perInstance[i])));
            }
            figures.add(new TimeSeriesChart(key + ": allowed per 100 ms at each gateway instance", "requests per 100 ms",
                    instances, List.of()));
        }
        Figures.attach(figures);
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    /** Fails unless a 429's Retry-After is the whole seconds until the next token, {@code wait} seconds rounded up. */
    void assertRetryAfter(Hit hit, double wait, String when) {
        if (hit.status() != HttpResponse.TOO_MANY_REQUESTS) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: %s got %d; with the bucket empty it gets 429", where(), when,
                    hit.status()));
        }
        if (hit.retryAfter() == null) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s got 429 without Retry-After; say when to come back (HttpResponse.tooManyRequests(seconds))", where(), when));
        }
        long low = (long) Math.ceil(wait - 1e-6);
        long high = (long) Math.ceil(wait + 1e-6);
        long said = Long.parseLong(hit.retryAfter());
        if (said < low || said > high) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %s got Retry-After: %d, but the next token comes in %.3f s, so the answer is %d. Retry-After counts whole "
                            + "seconds, rounded up: the missing fraction of a token divided by the rate. %s",
                    where(), when, said, wait, low, said < low ? "Too small, and a client that obeys it is refused again"
                            : "Too large, and clients wait longer than they must"));
        }
    }
}
