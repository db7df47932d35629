import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.http.CacheControl;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.Gateway;
import dev.loadbearing.sim.http.Headers;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Server;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** 200 product pages behind a caching reverse proxy at 150 requests a second; the origin crashes at 30 s for a while. */
public final class Scenario implements LiveScenario {
    private static final int PAGES = 200;
    private static final double RATE = 150;
    private static final int SECONDS = 100;
    private static final long CRASH_AT = Time.seconds(30);

    /** A shared cache of public pages that honours max-age and stale-if-error. */
    private static final class ProxyCache implements Filter {
        private record Entry(HttpResponse response, long storedAt) {
        }

        private final Map<String, Entry> entries = new HashMap<>();
        final int[] stale = new int[SECONDS];

        @Override
        public void handle(HttpRequest request, Exchange exchange) {
            Entry entry = entries.get(request.path());
            if (entry != null && exchange.now() - entry.storedAt() < Time.seconds(entry.response().cacheControl().sharedMaxAge())) {
                exchange.respond(entry.response());
                return;
            }
            exchange.forward("origin", upstream -> {
                if (upstream.isSuccess()) {
                    entries.put(request.path(), new Entry(upstream, exchange.now()));
                    return upstream;
                }
                Entry copy = entries.get(request.path());
                if (copy != null) {
                    CacheControl cc = copy.response().cacheControl();
                    long allowed = Time.seconds(cc.sharedMaxAge() + Math.max(0, cc.staleIfError()));
                    if (exchange.now() - copy.storedAt() <= allowed) {
                        stale[(int) Math.min(SECONDS - 1, exchange.now() / Time.seconds(1))]++;
                        return copy.response();
                    }
                }
                return upstream;
            });
        }
    }

    @Override
    public LiveRun run(LiveParameters p) {
        int maxAge = p.integer("maxAge");
        int staleIfError = p.integer("staleIfError");
        int outage = p.integer("outage");
        double skew = p.number("skew");
        Sim sim = new Sim(p.seed());
        Server origin = new Server(sim, "origin").workers(100).serviceTime(Distribution.exponential(Time.ms(20)));
        String header = "public, max-age=" + maxAge + (staleIfError > 0 ? ", stale-if-error=" + staleIfError : "");
        ProxyCache cache = new ProxyCache();
        Gateway proxy = new Gateway(sim, "proxy").filters(List.of(cache))
                .backend("origin", origin, request -> HttpResponse.ok("page " + request.path()).withHeader("Cache-Control", header));
        if (outage > 0) {
            origin.crashAt(CRASH_AT);
            origin.restartAt(CRASH_AT + Time.seconds(outage));
        }
        double[] requests = new double[SECONDS];
        double[] fetched = new double[SECONDS];
        double[] errors = new double[SECONDS];
        Zipf popularity = new Zipf(PAGES, skew);
        RandomStream random = sim.random("traffic");
        Distribution gaps = Distribution.exponential(Time.seconds(1) / RATE);
        long id = 0;
        for (long at = gaps.sampleNanos(random); at < Time.seconds(SECONDS); at += gaps.sampleNanos(random)) {
            HttpRequest request = new HttpRequest(id++, Client.numbered((int) (id % 1000)), "GET",
                    "/products/" + popularity.rank(random), Headers.none(), at);
            proxy.handleAt(at, request, exchange -> {
                int second = (int) Math.min(SECONDS - 1, exchange.receivedAt() / Time.seconds(1));
                requests[second]++;
                if (exchange.backend() != null) {
                    fetched[second]++;
                }
                if (exchange.response().status() >= 500) {
                    errors[second]++;
                }
            });
        }
        sim.run();
        double total = sum(requests);
        double toOrigin = sum(fetched);
        double failed = sum(errors);
        double staleServed = 0;
        List<Double> seconds = new ArrayList<>();
        List<Double> staleSeries = new ArrayList<>();
        for (int i = 0; i < SECONDS; i++) {
            seconds.add((double) i);
            staleSeries.add((double) cache.stale[i]);
            staleServed += cache.stale[i];
        }
        long duringOutage = 0;
        for (int i = 30; i < Math.min(SECONDS, 30 + outage); i++) {
            duringOutage += (long) requests[i];
        }
        String summary = String.format(Locale.ROOT,
                "With %s the proxy sent %.0f of %.0f requests to the origin (%.0f%% spared). %s",
                header, toOrigin, total, 100 * (1 - toOrigin / total),
                outage == 0 ? "The origin never failed."
                        : String.format(Locale.ROOT, "During the %d s outage, %.0f stale copies were served and %.0f of %d requests got an error (%.0f%%).",
                                outage, staleServed, failed, duringOutage, duringOutage == 0 ? 0 : 100 * failed / duringOutage));
        List<Band> bands = outage == 0 ? List.of()
                : List.of(new Band(Time.toSeconds(CRASH_AT), Time.toSeconds(CRASH_AT) + outage, "origin down"));
        return new LiveRun(summary, List.of(new TimeSeriesChart(
                "Requests per second at the proxy and the origin (" + header + ", seed " + p.seed() + ")", "requests per second",
                List.of(new TimeSeriesChart.Series("client requests", seconds, list(requests)),
                        new TimeSeriesChart.Series("sent to the origin", seconds, list(fetched)),
                        new TimeSeriesChart.Series("stale copies served", seconds, staleSeries),
                        new TimeSeriesChart.Series("errors (502)", seconds, list(errors))),
                bands)));
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    private static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
