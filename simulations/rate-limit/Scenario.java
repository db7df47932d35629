import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.Gateway;
import dev.loadbearing.sim.http.Headers;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import dev.loadbearing.sim.http.Route;
import dev.loadbearing.sim.http.Router;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.TimeSeries;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Server;
import dev.loadbearing.sim.store.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One API key sending at a steady rate for 10 s, then three times as fast for 10 s, then at the
 * steady rate again, through gateways chosen round robin, each with a token bucket limiter: in a
 * store they share (1 ms away) or in a store of their own.
 */
public final class Scenario implements LiveScenario {
    private static final long RUN = Time.seconds(30);

    /** A token bucket per key in a store. */
    private record Bucket(double tokens, long at, boolean allowed) {
    }

    private static final class Limiter implements Filter {
        private final double rate;
        private final int burst;
        private final Cache<String, Bucket> store;

        Limiter(double rate, int burst, Cache<String, Bucket> store) {
            this.rate = rate;
            this.burst = burst;
            this.store = store;
        }

        @Override
        public void handle(HttpRequest request, Exchange exchange) {
            long now = exchange.now();
            store.update(request.header("X-Api-Key"), bucket -> {
                if (bucket == null) {
                    return new Bucket(burst - 1, now, true);
                }
                long at = Math.max(now, bucket.at());
                double tokens = Math.min(burst, bucket.tokens() + (at - bucket.at()) / 1e9 * rate);
                return tokens >= 1 ? new Bucket(tokens - 1, at, true) : new Bucket(tokens, at, false);
            }, reply -> {
                if (!reply.isOk() || reply.value().allowed()) {
                    exchange.next();
                } else {
                    exchange.respond(HttpResponse.tooManyRequests((long) Math.ceil((1 - reply.value().tokens()) / rate)));
                }
            });
        }
    }

    @Override
    public LiveRun run(LiveParameters p) {
        int rate = p.integer("rate");
        int burst = p.integer("burst");
        int send = p.integer("send");
        int count = p.integer("gateways");
        boolean shared = p.flag("shared");
        Sim sim = new Sim(p.seed());
        Server api = new Server(sim, "api").workers(10_000).serviceTime(Distribution.constant(Time.ms(2)));
        Cache<String, Bucket> common = new Cache<String, Bucket>(sim, "limits").latency(Distribution.constant(Time.ms(1)));
        List<Gateway> gateways = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Cache<String, Bucket> store = shared ? common
                    : new Cache<String, Bucket>(sim, "limits-" + i).latency(Distribution.constant(Time.ms(1)));
            gateways.add(new Gateway(sim, "gateway-" + i)
                    .filters(List.of(new Limiter(rate, burst, store), new Router(List.of(Route.to("/", "api")))))
                    .backend("api", api));
        }
        TimeSeries allowed = TimeSeries.counter("allowed", Time.SECOND);
        TimeSeries refused = TimeSeries.counter("429 Too Many Requests", Time.SECOND);
        RandomStream random = sim.random("client");
        long[] totals = new long[2];
        long t = 0;
        for (long id = 0; ; id++) {
            boolean fast = t >= Time.seconds(10) && t < Time.seconds(20);
            t += (long) (-Math.log(1 - random.nextDouble()) * Time.SECOND / (fast ? 3.0 * send : send));
            if (t >= RUN) {
                break;
            }
            long at = t;
            Gateway gateway = gateways.get((int) (id % count));
            HttpRequest request = new HttpRequest(id, Client.numbered(1), "GET", "/api/prices",
                    Headers.of("X-Api-Key", "key-1"), at);
            sim.at(at, "a request", () -> gateway.handle(request, exchange -> {
                boolean ok = exchange.response().status() == HttpResponse.OK;
                (ok ? allowed : refused).add(at, 1);
                totals[ok ? 0 : 1]++;
            }));
        }
        sim.runFor(RUN + Time.seconds(1));
        int buckets = (int) (RUN / Time.SECOND);
        double steady = 0;
        for (int s = 12; s < 20; s++) {
            steady += allowed.value(s) / 8;
        }
        String summary = String.format(Locale.ROOT,
                "Of %d requests, %d were allowed and %d refused. While the client sent three times as fast (10-20 s), "
                        + "about %.0f a second got through against a limit of %d%s.",
                totals[0] + totals[1], totals[0], totals[1], steady, rate,
                shared || count == 1 ? "" : String.format(Locale.ROOT,
                        ": each of the %d gateways counts alone, so the key gets up to %d times its limit", count, count));
        return new LiveRun(summary, List.of(new TimeSeriesChart("Answers per second (seed " + p.seed() + ")",
                "requests", List.of(allowed.toSeries(buckets), refused.toSeries(buckets)),
                List.of(new Band(10, 20, "3x traffic")))));
    }
}
