import dev.loadbearing.sim.dns.Dns;
import dev.loadbearing.sim.dns.DnsRecord;
import dev.loadbearing.sim.dns.Resolver;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.metrics.TimeSeries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One name served from data centres in several regions. Clients ask the resolver of their region
 * (a few resolvers ignore TTLs and keep answers ten minutes), then try the answer's addresses in
 * order, the first two at most. One region's data centre dies; the DNS server's health check
 * notices within 5 s. Measures what a reader of the lesson would look at.
 */
final class Failover {
    static final String NAME = "app.example";
    static final long CHECK_EVERY = Time.seconds(5);
    static final long STUBBORN_KEEP = Time.minutes(10);
    /** Most queries a second the authoritative server may answer, on average over the run. */
    static final double MAX_QPS = 20;
    /** Most requests that may fail, as a share of all requests. */
    static final double MAX_FAILED = 0.005;
    /** Least share of requests from a healthy region that its own data centre must serve. */
    static final double MIN_NEAREST = 0.90;
    /** How long after the failure its region may still get a share of first choices ... */
    static final long DRAIN_WITHIN = Time.seconds(30);
    /** ... larger than what it had before times the share of its resolvers that ignore TTLs, plus this. */
    static final double DRAIN_SLACK = 0.03;
    /**
     * Resolvers come into use one by one over this warm-up, so their caches run out at scattered
     * times, as a real population's do, rather than all together; nothing is measured before it ends.
     */
    static final long WARM_UP = Time.seconds(120);

    /** The world of one run. */
    record Setup(long seed, List<String> regions, String dies, int resolvers, double stubborn,
                 double perSecond, long failAt, long duration) {
        /** Three regions, the second dies at 120 s: the visible tests' world. */
        static Setup standard(long seed) {
            return new Setup(seed, List.of("us-east", "eu-west", "ap-south"), "eu-west", 200, 0.04, 200, Time.seconds(120), Time.seconds(360));
        }

        /** Three to five regions with random names; a random one dies at a random time. */
        static Setup random(long seed) {
            java.util.Random r = new java.util.Random(seed);
            List<String> pool = new ArrayList<>(List.of("us-east", "us-west", "eu-west", "eu-north", "ap-south", "ap-east", "sa-east", "af-south"));
            java.util.Collections.shuffle(pool, r);
            List<String> regions = List.copyOf(pool.subList(0, 3 + r.nextInt(3)));
            return new Setup(seed, regions, regions.get(r.nextInt(regions.size())), 150 + r.nextInt(100), 0.02 + r.nextDouble() * 0.02,
                    150 + r.nextInt(100), Time.seconds(60 + r.nextInt(120)), Time.seconds(400));
        }
    }

    final Setup setup;
    long requests;
    long failed;
    long fallbacks;
    long nearest;
    long nearestOf;
    double meanQps;
    /** The share of the dying region's resolvers that ignore TTLs: their clients cannot be moved. */
    double stubbornThere;
    /** When the policy first answered with an address its records called unhealthy, or -1. */
    long answeredDeadAt = -1;
    String answeredDead;
    long minTtl = Long.MAX_VALUE;
    long maxTtl;
    /** First choices in the dying region before the failure, and in the window after the drain time. */
    long deadFirstBefore;
    long allBefore;
    long deadFirstAfter;
    long allAfter;
    private final List<TimeSeries> firstChoices = new ArrayList<>();
    private final TimeSeries failures = TimeSeries.counter("failed", Time.seconds(1));
    private final Dns dns;
    private long queriesAtWarmUp;
    private final List<Long> activeFrom = new ArrayList<>();

    private Failover(Dns.Policy policy, Setup setup) {
        this.setup = setup;
        Sim sim = new Sim(setup.seed());
        dns = new Dns(sim, "dns").ttl(NAME, Time.seconds(60));
        List<String> regionOfAddress = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < setup.regions().size(); i++) {
            String region = setup.regions().get(i);
            firstChoices.add(TimeSeries.counter(region, Time.seconds(1)));
            for (int k = 1; k <= 2; k++) {
                String address = "10." + i + ".0." + k;
                dns.add(NAME, address, 1, region);
                addresses.add(address);
                regionOfAddress.add(region);
            }
        }
        Set<String> down = new HashSet<>();
        dns.healthCheck(CHECK_EVERY, address -> !down.contains(address));
        sim.at(WARM_UP + setup.failAt(), setup.dies() + " dies", () -> {
            for (int i = 0; i < addresses.size(); i++) {
                if (regionOfAddress.get(i).equals(setup.dies())) {
                    down.add(addresses.get(i));
                }
            }
        });
        dns.policy(new Dns.Policy() {
            @Override
            public List<String> answer(Dns.Query query, List<DnsRecord> records) {
                List<String> answer = policy.answer(query, records);
                if (answer == null) {
                    return null; // the model says what is wrong
                }
                boolean anyHealthy = records.stream().anyMatch(DnsRecord::healthy);
                for (String address : answer) {
                    for (DnsRecord record : records) {
                        if (record.address().equals(address) && !record.healthy() && anyHealthy && answeredDeadAt < 0) {
                            answeredDeadAt = sim.now() - WARM_UP;
                            answeredDead = address + " (" + record.region() + ") in " + answer + " for a resolver in " + query.region();
                        }
                    }
                }
                return answer;
            }

            @Override
            public long ttl(Dns.Query query, long configured) {
                long ttl = policy.ttl(query, configured);
                minTtl = Math.min(minTtl, ttl);
                maxTtl = Math.max(maxTtl, ttl);
                return ttl;
            }
        });
        RandomStream random = sim.random("clients");
        List<Resolver> resolvers = new ArrayList<>();
        int there = 0;
        int stubbornInDying = 0;
        for (int i = 0; i < setup.resolvers(); i++) {
            Resolver resolver = new Resolver(dns, "resolver-" + i).region(setup.regions().get(i % setup.regions().size()));
            boolean stubborn = random.chance(setup.stubborn());
            if (stubborn) {
                resolver.ignoreTtl(STUBBORN_KEEP);
            }
            if (resolver.region().equals(setup.dies())) {
                there++;
                stubbornInDying += stubborn ? 1 : 0;
            }
            resolvers.add(resolver);
            activeFrom.add((long) (random.nextDouble() * WARM_UP));
        }
        stubbornThere = there == 0 ? 0 : (double) stubbornInDying / there;
        long gapMean = (long) (Time.seconds(1) / setup.perSecond());
        scheduleNext(sim, random, gapMean, resolvers, down, addresses, regionOfAddress);
        sim.at(WARM_UP, "warm", () -> queriesAtWarmUp = dns.queries());
        sim.runFor(WARM_UP + setup.duration());
        meanQps = (dns.queries() - queriesAtWarmUp) / (setup.duration() / 1e9);
    }

    private void scheduleNext(Sim sim, RandomStream random, long gapMean, List<Resolver> resolvers, Set<String> down,
                              List<String> addresses, List<String> regionOfAddress) {
        long gap = (long) (-Math.log(1 - random.nextDouble()) * gapMean);
        if (sim.now() + gap >= WARM_UP + setup.duration()) {
            return;
        }
        sim.at(sim.now() + gap, "request", () -> {
            // A client of a resolver in use; during the warm-up, fewer are.
            int pick = random.nextInt(resolvers.size());
            for (int tries = 0; activeFrom.get(pick) > sim.now() && tries < 50; tries++) {
                pick = random.nextInt(resolvers.size());
            }
            request(sim.now() - WARM_UP, resolvers.get(pick), down, addresses, regionOfAddress);
            scheduleNext(sim, random, gapMean, resolvers, down, addresses, regionOfAddress);
        });
    }

    /** One client request; {@code now} counts from the end of the warm-up, before which nothing is measured. */
    private void request(long now, Resolver resolver, Set<String> down, List<String> addresses, List<String> regionOfAddress) {
        List<String> answer = resolver.resolve(NAME).addresses();
        if (now < 0) {
            return;
        }
        requests++;
        String first = answer.isEmpty() ? null : answer.get(0);
        String firstRegion = first == null || addresses.indexOf(first) < 0 ? null : regionOfAddress.get(addresses.indexOf(first));
        if (firstRegion != null) {
            firstChoices.get(setup.regions().indexOf(firstRegion)).add(now, 1);
        }
        boolean deadFirst = setup.dies().equals(firstRegion);
        if (now < setup.failAt()) {
            allBefore++;
            deadFirstBefore += deadFirst ? 1 : 0;
        } else if (now >= setup.failAt() + DRAIN_WITHIN && now < setup.failAt() + 2 * DRAIN_WITHIN) {
            allAfter++;
            deadFirstAfter += deadFirst ? 1 : 0;
        }
        String served = null;
        for (int i = 0; i < Math.min(2, answer.size()) && served == null; i++) {
            if (addresses.contains(answer.get(i)) && !down.contains(answer.get(i))) {
                served = regionOfAddress.get(addresses.indexOf(answer.get(i)));
                fallbacks += i;
            }
        }
        if (served == null) {
            failed++;
            failures.add(now, 1);
        }
        boolean ownRegionUp = !(resolver.region().equals(setup.dies()) && now >= setup.failAt());
        if (ownRegionUp) {
            nearestOf++;
            nearest += resolver.region().equals(served) ? 1 : 0;
        }
    }

    static Failover run(Dns.Policy policy, Setup setup) {
        return new Failover(policy, setup);
    }

    void show() {
        int buckets = (int) (setup.duration() / Time.seconds(1));
        List<TimeSeriesChart.Series> series = new ArrayList<>();
        firstChoices.forEach(s -> series.add(s.toSeries(buckets)));
        series.add(failures.toSeries(buckets));
        List<Band> down = List.of(new Band(setup.failAt() / 1e9, setup.duration() / 1e9, setup.dies() + " down"));
        Figures.attach(new TimeSeriesChart("First choice of clients per region, and failed requests", "requests per second",
                series, down));
        TimeSeriesChart queries = dns.queriesChart();
        List<TimeSeriesChart.Series> measured = new ArrayList<>();
        for (TimeSeriesChart.Series all : queries.series()) {
            List<Double> seconds = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < all.seconds().size(); i++) {
                if (all.seconds().get(i) >= WARM_UP / 1e9) {
                    seconds.add(all.seconds().get(i) - WARM_UP / 1e9);
                    values.add(all.values().get(i));
                }
            }
            measured.add(new TimeSeriesChart.Series(all.name(), seconds, values));
        }
        Figures.attach(new TimeSeriesChart("Queries to the DNS server", "queries per second", measured, down));
    }

    private String prefix() {
        return String.format(Locale.ROOT, "seed %d (%s dies at %.0f s): ", setup.seed(), setup.dies(), setup.failAt() / 1e9);
    }

    void assertNeverAnswersDeadAddresses() {
        if (answeredDeadAt >= 0) {
            throw new AssertionError(prefix() + String.format(Locale.ROOT, "at t=%.1f s your policy answered %s although its record "
                    + "was unhealthy. records hold each address's health: leave an unhealthy one out while a healthy one is left",
                    answeredDeadAt / 1e9, answeredDead));
        }
    }

    void assertSparesTheServer() {
        if (meanQps > MAX_QPS) {
            throw new AssertionError(prefix() + String.format(Locale.ROOT, "the authoritative server answered %.1f queries a second "
                    + "on average (at most %.0f allowed); your TTLs ran from %.1f s to %.1f s. Each of the %d resolvers asks once "
                    + "per TTL: a longer TTL spares the server", meanQps, MAX_QPS, minTtl / 1e9, maxTtl / 1e9, setup.resolvers()));
        }
    }

    void assertDrains() {
        double before = (double) deadFirstBefore / allBefore;
        double after = allAfter == 0 ? 0 : (double) deadFirstAfter / allAfter;
        double allowed = before * (stubbornThere + DRAIN_SLACK);
        if (after > allowed) {
            throw new AssertionError(prefix() + String.format(Locale.ROOT, "30 s after %s died, %.1f%% of clients still tried it first "
                    + "(%.1f%% before); at most %.1f%% may (about the clients of its resolvers that ignore TTLs). Your TTLs ran up to "
                    + "%.0f s: a client's answer lives a TTL after the health check notices (within 5 s), so the TTL "
                    + "plus 5 s must stay under 30 s", setup.dies(), 100 * after, 100 * before, 100 * allowed, maxTtl / 1e9));
        }
    }

    void assertFewFailures() {
        double share = (double) failed / requests;
        if (share > MAX_FAILED) {
            throw new AssertionError(prefix() + String.format(Locale.ROOT, "%,d of %,d requests failed (%.2f%%, at most %.1f%% allowed). "
                    + "Clients still hold old answers for a TTL, some for ten minutes; they try the second address when the first "
                    + "fails. If both addresses are in the same data centre, both are dead: put an address of another region second",
                    failed, requests, 100 * share, 100 * MAX_FAILED));
        }
    }

    void assertNearest() {
        double share = (double) nearest / nearestOf;
        if (share < MIN_NEAREST) {
            throw new AssertionError(prefix() + String.format(Locale.ROOT, "only %.1f%% of requests from regions whose data centre was up "
                    + "were served there (at least %.0f%%). query.region() is the resolver's region: answer with an address of "
                    + "that region first while it is healthy, and another region's only when it is not", 100 * share, 100 * MIN_NEAREST));
        }
    }

    void assertAll() {
        assertNeverAnswersDeadAddresses();
        assertSparesTheServer();
        assertDrains();
        assertFewFailures();
        assertNearest();
    }

    /** A bar chart of the measures against their limits. */
    void showMeasures() {
        double before = (double) deadFirstBefore / Math.max(1, allBefore);
        double after = (double) deadFirstAfter / Math.max(1, allAfter);
        Figures.attach(new BarChart("Your policy against its targets (100 = the limit)", "measure", "percent of its limit",
                List.of("queries per second", "failed requests", "still first 30 s after the failure"),
                List.of(100.0 * meanQps / MAX_QPS, 100.0 * failed / requests / MAX_FAILED,
                        before == 0 ? 0 : 100.0 * after / (before * (stubbornThere + DRAIN_SLACK)))));
    }
}
