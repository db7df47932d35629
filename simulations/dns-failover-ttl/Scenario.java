import dev.loadbearing.sim.dns.Dns;
import dev.loadbearing.sim.dns.DnsRecord;
import dev.loadbearing.sim.dns.Resolver;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import dev.loadbearing.sim.live.LiveParameters;
import dev.loadbearing.sim.live.LiveRun;
import dev.loadbearing.sim.live.LiveScenario;
import dev.loadbearing.sim.metrics.TimeSeries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Two regions behind GeoDNS, 200 resolvers, 100 requests a second. eu-west dies at 60 s (after a
 * two-minute warm-up that scatters the resolvers' cache expiries); the name server's health check
 * then stops handing it out. Clients try the first address and, if given, the second.
 */
public final class Scenario implements LiveScenario {
    private static final String NAME = "shop.example";
    private static final long WARM_UP = Time.seconds(120);
    private static final long DIES = Time.seconds(60);
    private static final long RUN = Time.seconds(420);
    private static final List<String> REGIONS = List.of("us-east", "eu-west");

    @Override
    public LiveRun run(LiveParameters p) {
        long ttl = Time.seconds(p.integer("ttl"));
        double stubbornShare = p.integer("stubborn") / 100.0;
        boolean second = p.flag("second");
        Sim sim = new Sim(p.seed());
        Dns dns = new Dns(sim, "dns").ttl(NAME, ttl);
        dns.add(NAME, "10.0.0.1", 1, "us-east");
        dns.add(NAME, "10.1.0.1", 1, "eu-west");
        Set<String> down = new HashSet<>();
        dns.healthCheck(Time.seconds(p.integer("check")), address -> !down.contains(address));
        sim.at(WARM_UP + DIES, "eu-west dies", () -> down.add("10.1.0.1"));
        dns.policy(new Dns.Policy() {
            @Override
            public List<String> answer(Dns.Query query, List<DnsRecord> records) {
                List<String> near = new ArrayList<>();
                List<String> far = new ArrayList<>();
                for (DnsRecord record : records) {
                    if (record.healthy()) {
                        (record.region().equals(query.region()) ? near : far).add(record.address());
                    }
                }
                List<String> answer = new ArrayList<>(near);
                answer.addAll(second || near.isEmpty() ? far : List.of());
                return answer.isEmpty() ? records.stream().map(DnsRecord::address).toList() : answer;
            }

            @Override
            public long ttl(Dns.Query query, long configured) {
                return configured;
            }
        });
        RandomStream random = sim.random("clients");
        List<Resolver> resolvers = new ArrayList<>();
        List<Long> activeFrom = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Resolver resolver = new Resolver(dns, "resolver-" + i).region(REGIONS.get(i % 2));
            if (random.chance(stubbornShare)) {
                resolver.ignoreTtl(Time.minutes(10));
            }
            resolvers.add(resolver);
            activeFrom.add((long) (random.nextDouble() * WARM_UP));
        }
        TimeSeries failed = TimeSeries.counter("failed requests", Time.SECOND);
        TimeSeries toDead = TimeSeries.counter("first try to eu-west", Time.SECOND);
        long[] counts = new long[7];   // requests, failed, queries at warm-up; requests and failed in the minute after, and later
        for (long t = Time.ms(10); t < WARM_UP + RUN; t += Time.ms(10)) {
            sim.at(t, "a request", () -> {
                int pick = random.nextInt(resolvers.size());
                for (int tries = 0; activeFrom.get(pick) > sim.now() && tries < 50; tries++) {
                    pick = random.nextInt(resolvers.size());
                }
                List<String> answer = resolvers.get(pick).resolve(NAME).addresses();
                long now = sim.now() - WARM_UP;
                if (now < 0) {
                    return;
                }
                counts[0]++;
                if (!answer.isEmpty() && answer.get(0).equals("10.1.0.1")) {
                    toDead.add(now, 1);
                }
                boolean ok = false;
                for (int k = 0; k < Math.min(2, answer.size()) && !ok; k++) {
                    ok = !down.contains(answer.get(k));
                }
                int span = now < DIES ? -1 : now < DIES + Time.seconds(60) ? 3 : 5;
                if (span > 0) {
                    counts[span]++;
                }
                if (!ok) {
                    counts[1]++;
                    failed.add(now, 1);
                    if (span > 0) {
                        counts[span + 1]++;
                    }
                }
            });
        }
        sim.at(WARM_UP, "warm", () -> counts[2] = dns.queries());
        sim.runFor(WARM_UP + RUN);
        double qps = (dns.queries() - counts[2]) / Time.toSeconds(RUN);
        String summary = String.format(Locale.ROOT,
                "eu-west died at 60 s. In the minute after, %.1f%% of requests failed; from then to the end (5 minutes), "
                        + "%.1f%%. The name server answered %.1f queries a second (%d resolvers, TTL %d s).",
                100.0 * counts[4] / Math.max(1, counts[3]), 100.0 * counts[6] / Math.max(1, counts[5]), qps,
                resolvers.size(), p.integer("ttl"));
        List<Band> bands = List.of(new Band(Time.toSeconds(DIES), Time.toSeconds(RUN), "eu-west down"));
        int buckets = (int) (RUN / Time.SECOND);
        return new LiveRun(summary, List.of(
                new TimeSeriesChart("Requests that failed, per second (seed " + p.seed() + ")", "requests",
                        List.of(failed.toSeries(buckets), toDead.toSeries(buckets)), bands)));
    }
}
