import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcClient;
import dev.loadbearing.sim.rpc.RpcService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A shop of three services, each 40 ms from the web tier (80 ms per round trip), with random
 * orders, users and items. Loads order pages through the learner's OrderPageLoader, a few per
 * second, and records what each page cost: time, calls and bytes.
 */
final class PageRun {
    static final long RTT = Time.ms(80);

    final long seed;
    final int minItems;
    final int maxItems;
    final Sim sim;
    final Network net;
    final RpcClient web;
    final Map<String, Shop.Order> orders = new LinkedHashMap<>();
    final Map<Integer, Shop.User> users = new LinkedHashMap<>();
    final Map<Integer, Shop.Item> items = new LinkedHashMap<>();
    final Map<String, Integer> callsByService = new LinkedHashMap<>();
    final List<Long> latencies = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    int pages;
    int answered;

    PageRun(long seed, int minItems, int maxItems) {
        this.seed = seed;
        this.minItems = minItems;
        this.maxItems = maxItems;
        sim = new Sim(seed);
        net = new Network(sim);
        net.defaults().latency(Distribution.uniform(Time.ms(39), Time.ms(41)));
        RandomStream data = sim.random("test/data");
        for (int i = 0; i < 2_000; i++) {
            int id = 100_000 + data.nextInt(900_000);
            items.put(id, new Shop.Item(id, "item " + id, 100 + data.nextInt(20_000)));
        }
        for (int i = 0; i < 200; i++) {
            int id = 1 + data.nextInt(1_000_000);
            users.put(id, new Shop.User(id, "user " + id));
        }
        List<Integer> itemIds = new ArrayList<>(items.keySet());
        List<Integer> userIds = new ArrayList<>(users.keySet());
        for (int i = 0; i < 100; i++) {
            String id = "ord-" + Long.toString(data.nextLong() & 0xffffffffL, 36);
            int count = minItems + data.nextInt(maxItems - minItems + 1);
            List<Integer> lines = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                lines.add(data.pick(itemIds));
            }
            orders.put(id, new Shop.Order(id, data.pick(userIds), List.copyOf(lines)));
        }
        Distribution work = Distribution.uniform(Time.ms(1), Time.ms(4));
        new RpcService(sim, net, "orders").workers(64)
                .unary("GetOrder", work, (String id) -> orders.get(id), o -> o == null ? 20 : 80 + 4 * o.itemIds().size());
        new RpcService(sim, net, "users").workers(64)
                .unary("GetUser", work, (Integer id) -> users.get(id), u -> 120);
        new RpcService(sim, net, "items").workers(64)
                .unary("GetItem", work, (Integer id) -> items.get(id), i -> 200)
                .unary("BatchGetItems", work, (List<Integer> ids) -> ids.stream().limit(100).map(items::get).toList(),
                        found -> 40 + 200 * found.size());
        web = new RpcClient(sim, net, "web");
        web.onStart(call -> callsByService.merge(call.service(), 1, Integer::sum));
    }

    PageRun(long seed) {
        this(seed, 50, 50);
    }

    /** Loads {@code count} pages of random orders, one every 200 ms, and runs them to the end. */
    PageRun run(int count) {
        OrderPageLoader loader = new OrderPageLoader(web);
        List<String> ids = new ArrayList<>(orders.keySet());
        RandomStream pick = sim.random("test/pages");
        for (int i = 0; i < count; i++) {
            String id = pick.pick(ids);
            long at = Time.ms(200) * i;
            pages++;
            int[] answers = new int[1];
            sim.at(at, "load page " + id, () -> loader.load(id, page -> {
                answers[0]++;
                if (answers[0] > 1) {
                    problem("the page of %s was delivered %d times; call done exactly once", id, answers[0]);
                    return;
                }
                answered++;
                latencies.add(sim.now() - at);
                check(orders.get(id), page);
            }));
        }
        sim.runFor(Time.seconds(200) * count / 1000 + Time.seconds(60));
        return this;
    }

    private void check(Shop.Order order, Shop.OrderPage page) {
        if (page == null) {
            problem("the page of %s was null", order.id());
            return;
        }
        if (!order.equals(page.order())) {
            problem("the page of %s shows the order %s", order.id(), page.order() == null ? "null" : page.order().id());
        } else if (!users.get(order.userId()).equals(page.user())) {
            problem("the page of %s shows user %s; the order was placed by user %d", order.id(),
                    page.user() == null ? "null" : String.valueOf(page.user().id()), order.userId());
        } else {
            List<Shop.Item> expected = order.itemIds().stream().map(items::get).toList();
            if (!expected.equals(page.items())) {
                problem("the page of %s shows %s items where the order has %d (in the order's order, duplicates included)",
                        order.id(), page.items() == null ? "no" : String.valueOf(page.items().size()), expected.size());
            }
        }
    }

    private void problem(String format, Object... args) {
        if (problems.size() < 3) {
            problems.add(String.format(Locale.ROOT, format, args));
        }
    }

    String where() {
        return String.format(Locale.ROOT, "seed %d, orders of %s items, 80 ms per round trip", seed,
                minItems == maxItems ? String.valueOf(minItems) : minItems + "-" + maxItems);
    }

    double callsPerPage(String service) {
        return callsByService.getOrDefault(service, 0) / (double) pages;
    }

    double callsPerPage() {
        return web.calls() / (double) pages;
    }

    long percentile(double p) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? Long.MAX_VALUE : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }

    // ------------------------------------------------------------------------- checks

    void assertCorrect() {
        if (!problems.isEmpty()) {
            throw new AssertionError(where() + ": " + String.join("; ", problems));
        }
        if (answered < pages) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d of %d pages were never delivered; call done once every call the page needs has answered", where(),
                    pages - answered, pages));
        }
    }

    void assertFast(double roundTrips) {
        long p50 = percentile(50);
        if (p50 > roundTrips * RTT) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: a page took %.0f ms at p50 (%.1f round trips); at most %.1f round trips (%.0f ms) is possible. %s",
                    where(), Time.toMillis(p50), p50 / (double) RTT, roundTrips, roundTrips * Time.toMillis(RTT),
                    p50 > 10 * RTT ? "The calls went one after another, one round trip per call. Calls that do "
                            + "not depend on each other can be in flight at the same time: start them all, and deliver the page "
                            + "when the last one answers"
                            : "Only the order must come first (it names the user and the items); the user and the items "
                            + "depend only on the order, so ask for both at the same time, in the second round trip"));
        }
    }

    void assertFewCalls() {
        double items = callsPerPage("items");
        if (items > 1.0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: each page made %.1f calls to the items service (%.1f calls in all). That is the N+1 problem: one call for "
                            + "the order, then one more per item. Even in parallel, 50 calls cost the service 50 times the "
                            + "work of handling a request and put 50 requests' headers on the wire; BatchGetItems takes every "
                            + "id at once", where(), items, callsPerPage()));
        }
        if (callsPerPage() > 3.0) {
            throw new AssertionError(String.format(Locale.ROOT, "%s: each page made %.1f calls; it needs 3 (order, user, items)",
                    where(), callsPerPage()));
        }
    }

    void attachFigures() {
        List<String> services = List.of("orders", "users", "items");
        List<Double> calls = services.stream().map(this::callsPerPage).toList();
        Figures.attach(new BarChart(String.format(Locale.ROOT, "Calls per page, by service (seed %d)", seed), "service",
                "calls per page", services, calls));
        long bytes = net.stats().bytesSent();
        double[] ms = {Time.toMillis(percentile(50)), Time.toMillis(percentile(99))};
        Figures.attach(new BarChart(String.format(Locale.ROOT,
                "Time per page against round trips (%.1f KB on the wire per page, seed %d)", bytes / 1000.0 / pages, seed), "",
                "milliseconds", List.of("p50", "p99", "1 round trip", "2 round trips", "3 round trips"),
                Arrays.asList(ms[0], ms[1], 80.0, 160.0, 240.0)));
    }
}
