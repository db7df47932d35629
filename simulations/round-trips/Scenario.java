import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.rpc.RpcClient;
import dev.loadbearing.sim.rpc.RpcService;
import dev.loadbearing.sim.rpc.Call;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A client loads an order, its customer and its items four ways, 10 pages each: a call per item
 * one after another (the N+1 problem), a call per item all at once, one batch call for the items,
 * and one query that names the fields it needs (GraphQL style: the server does the joins, and
 * each item carries 60 bytes instead of a full 200-byte representation). Over HTTP/1.1 a client has
 * at most 6 requests in flight per host; HTTP/2 multiplexes them all on one connection.
 */
public final class Scenario implements LiveScenario {
    private static final long TIMEOUT = Time.seconds(60);
    private static final List<String> STYLES = List.of("N+1, one after another", "N+1, all at once", "batch endpoint",
            "one query");

    @Override
    public LiveRun run(LiveParameters p) {
        int items = p.integer("items");
        List<Double> median = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        List<Double> kilobytes = new ArrayList<>();
        for (int style = 0; style < STYLES.size(); style++) {
            double[] result = pages(p.seed(), style, Time.ms(p.integer("rtt")), items, p.integer("bandwidth") * 1000.0,
                    p.flag("http2") ? Integer.MAX_VALUE : 6);
            median.add(result[0]);
            calls.add(result[1]);
            kilobytes.add(result[2]);
        }
        String summary = String.format(Locale.ROOT,
                "With %d items and a %d ms round trip, a page took %.0f ms one call after another, %.0f ms with every "
                        + "call at once, %.0f ms with a batch call and %.0f ms as one query (%.0f, %.0f, %.0f and %.0f "
                        + "calls; %.1f, %.1f, %.1f and %.1f KB).",
                items, p.integer("rtt"), median.get(0), median.get(1), median.get(2), median.get(3),
                calls.get(0), calls.get(1), calls.get(2), calls.get(3),
                kilobytes.get(0), kilobytes.get(1), kilobytes.get(2), kilobytes.get(3));
        return new LiveRun(summary, List.of(
                new BarChart("Page load time, median of 10 pages (seed " + p.seed() + ")", "style", "ms", STYLES, median),
                new BarChart("Calls per page", "style", "calls", STYLES, calls),
                new BarChart("Kilobytes to the client per page", "style", "KB", STYLES, kilobytes)));
    }

    /** Loads 10 pages in one style: median time in ms, calls and kilobytes per page. */
    private static double[] pages(long seed, int style, long rtt, int items, double bytesPerSecond, int perHost) {
        Sim sim = new Sim(seed);
        Network net = new Network(sim);
        net.defaults().latency(Distribution.constant(rtt / 2.0)).bandwidth(bytesPerSecond);
        Distribution work = Distribution.uniform(Time.ms(1), Time.ms(3));
        new RpcService(sim, net, "orders").workers(256).unary("GetOrder", work, 80 + 4 * items);
        new RpcService(sim, net, "users").workers(256).unary("GetUser", work, 120);
        new RpcService(sim, net, "items").workers(256).unary("GetItem", work, 200)
                .unary("BatchGetItems", work, 40 + 200 * items);
        new RpcService(sim, net, "graph").workers(256)
                .unary("OrderPage", Distribution.uniform(Time.ms(4), Time.ms(8)), 200 + 60 * items);
        RpcClient rpc = new RpcClient(sim, net, "phone");
        int[] started = {0};
        rpc.onStart(call -> started[0]++);
        Calls client = new Calls(rpc, perHost);
        List<Long> times = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            long at = Time.seconds(5) * page;
            sim.at(at, "a page", () -> load(client, style, items, () -> times.add(sim.now() - at)));
        }
        sim.runFor(Time.seconds(50) + TIMEOUT);
        Collections.sort(times);
        double median = times.isEmpty() ? 0 : Time.toMillis(times.get(times.size() / 2));
        double bytes = switch (style) {
            case 0, 1 -> 80 + 4 * items + 120 + 200.0 * items;
            case 2 -> 80 + 4 * items + 120 + 40 + 200.0 * items;
            default -> 200 + 60.0 * items;
        };
        return new double[] {median, started[0] / 10.0, bytes / 1000};
    }

    /** Calls with at most {@code perHost} in flight to each service; the rest wait their turn, as HTTP/1.1 does. */
    private static final class Calls {
        private final RpcClient rpc;
        private final int perHost;
        private final java.util.Map<String, Integer> inFlight = new java.util.HashMap<>();
        private final java.util.Map<String, ArrayDeque<Runnable>> waiting = new java.util.HashMap<>();

        Calls(RpcClient rpc, int perHost) {
            this.rpc = rpc;
            this.perHost = perHost;
        }

        void call(String service, String method, int bytes, long timeout, Consumer<Call> done) {
            Runnable start = () -> {
                inFlight.merge(service, 1, Integer::sum);
                rpc.call(service, method, bytes, timeout, call -> {
                    inFlight.merge(service, -1, Integer::sum);
                    Runnable next = waiting.computeIfAbsent(service, s -> new ArrayDeque<>()).poll();
                    if (next != null) {
                        next.run();
                    }
                    done.accept(call);
                });
            };
            if (inFlight.getOrDefault(service, 0) < perHost) {
                start.run();
            } else {
                waiting.computeIfAbsent(service, s -> new ArrayDeque<>()).add(start);
            }
        }
    }

    private static void load(Calls client, int style, int items, Runnable done) {
        if (style == 3) {
            client.call("graph", "OrderPage", 300, TIMEOUT, call -> done.run());
            return;
        }
        client.call("orders", "GetOrder", 60, TIMEOUT, order -> {
            int[] left = {style == 2 ? 2 : 1 + items};
            Runnable part = () -> {
                if (--left[0] == 0) {
                    done.run();
                }
            };
            client.call("users", "GetUser", 60, TIMEOUT, user -> part.run());
            if (style == 2) {
                client.call("items", "BatchGetItems", 60 + 4 * items, TIMEOUT, batch -> part.run());
            } else if (style == 1) {
                for (int i = 0; i < items; i++) {
                    client.call("items", "GetItem", 60, TIMEOUT, item -> part.run());
                }
            } else {
                oneAfterAnother(client, items, part);
            }
        });
    }

    private static void oneAfterAnother(Calls client, int remaining, Runnable part) {
        if (remaining == 0) {
            return;
        }
        client.call("items", "GetItem", 60, TIMEOUT, item -> {
            part.run();
            oneAfterAnother(client, remaining - 1, part);
        });
    }
}
