import dev.loadbearing.sim.dns.Answer;
import dev.loadbearing.sim.dns.AnswerCache;
import dev.loadbearing.sim.dns.Dns;
import dev.loadbearing.sim.dns.Resolver;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.BarChart;
import dev.loadbearing.sim.figure.Figures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Clients looking names up through a resolver that keeps its answers in the cache under test,
 * and the same lookups through a resolver that keeps each answer exactly its TTL. Records every
 * answer and checks it against the last answer the authoritative server gave that resolver.
 */
final class Lookups {
    /** What the clients do: names with their TTLs, lookups, and changes to the records. */
    static final class Plan {
        final long seed;
        final Map<String, Long> ttls = new LinkedHashMap<>();
        final List<long[]> lookups = new ArrayList<>();          // {time, name index}
        final List<Object[]> changes = new ArrayList<>();        // {time, name, new TTL or null}
        final List<String> names = new ArrayList<>();

        Plan(long seed) {
            this.seed = seed;
        }

        Plan name(String name, long ttl) {
            ttls.put(name, ttl);
            names.add(name);
            return this;
        }

        Plan lookup(long at, String name) {
            lookups.add(new long[] {at, names.indexOf(name)});
            return this;
        }

        Plan every(long interval, long until, String name) {
            for (long t = 0; t <= until; t += interval) {
                lookup(t, name);
            }
            return this;
        }

        /** The name moves to a new address at {@code at}. */
        Plan move(long at, String name) {
            changes.add(new Object[] {at, name, null});
            return this;
        }

        /** The name's owner sets a new TTL at {@code at}. */
        Plan retime(long at, String name, long ttl) {
            changes.add(new Object[] {at, name, ttl});
            return this;
        }

        /** {@code perSecond} lookups a second for {@code duration}, names drawn by popularity (Zipf with exponent {@code skew}). */
        Plan random(double perSecond, long duration, double skew) {
            RandomStream random = new RandomStream(seed, "clients");
            Zipf popularity = new Zipf(names.size(), skew);
            double t = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / perSecond * Time.seconds(1);
                if (t >= duration) {
                    return this;
                }
                lookups.add(new long[] {(long) t, popularity.rank(random) - 1});
            }
        }
    }

    /** One answer a client got. */
    record Seen(long at, String name, Answer answer) {}

    final Plan plan;
    final List<Seen> seen = new ArrayList<>();
    /** Queries per second to the authoritative server in the run through the cache under test. */
    private dev.loadbearing.sim.figure.TimeSeriesChart queriesChart;
    long queries;
    long reference;

    private Lookups(Plan plan) {
        this.plan = plan;
    }

    static Lookups run(AnswerCache cache, Plan plan) {
        Lookups run = new Lookups(plan);
        run.queries = run.replay(cache);
        run.reference = run.replay(null);
        return run;
    }

    /** Replays the plan on a fresh world through {@code cache}, or through an honest resolver when it is null. */
    private long replay(AnswerCache cache) {
        boolean record = cache != null;
        Sim sim = new Sim(plan.seed);
        Dns dns = new Dns(sim, "dns");
        Map<String, Integer> moves = new HashMap<>();
        for (var entry : plan.ttls.entrySet()) {
            dns.add(entry.getKey(), address(entry.getKey(), 0)).ttl(entry.getKey(), entry.getValue());
        }
        Resolver resolver = cache == null ? new Resolver(dns, "honest") : new Resolver(dns, "yours", cache);
        for (Object[] change : plan.changes) {
            String name = (String) change[1];
            sim.at((Long) change[0], "change " + name, () -> {
                if (change[2] != null) {
                    dns.ttl(name, (Long) change[2]);
                } else {
                    int n = moves.merge(name, 1, Integer::sum);
                    dns.remove(name, address(name, n - 1)).add(name, address(name, n));
                }
            });
        }
        for (long[] lookup : plan.lookups) {
            String name = plan.names.get((int) lookup[1]);
            sim.at(lookup[0], "lookup " + name, () -> {
                Answer answer = resolver.resolve(name);
                if (record) {
                    seen.add(new Seen(sim.now(), name, answer));
                }
            });
        }
        sim.run();
        if (record) {
            queriesChart = dns.queriesChart();
        }
        return dns.queries();
    }

    private static String address(String name, int version) {
        return "10." + Math.floorMod(name.hashCode(), 200) + "." + version + ".1";
    }

    /** Fails unless every answer from the cache was still valid, said how long it stays valid, and matched what was fetched. */
    void assertHonest() {
        Map<String, Seen> fetched = new HashMap<>();
        for (Seen s : seen) {
            if (!s.answer().cached()) {
                fetched.put(s.name(), s);
                continue;
            }
            Seen from = fetched.get(s.name());
            if (from == null) {
                fail("at %s your cache answered %s before the resolver ever fetched it", when(s.at()), s.name());
            }
            long expires = from.at() + from.answer().ttl();
            if (s.at() >= expires) {
                fail("at %s your cache answered %s from an answer fetched at %s with a TTL of %s: it ran out at %s, "
                        + "%s before. Clients kept an address the owner may have changed; once now >= arrival + ttl, return null",
                        when(s.at()), s.name(), when(from.at()), seconds(from.answer().ttl()), when(expires), seconds(s.at() - expires));
            }
            if (s.answer().ttl() <= 0 || s.at() + s.answer().ttl() > expires) {
                fail("at %s your cache answered %s with a TTL of %s, but the answer runs out in %s (fetched at %s with a TTL of %s). "
                        + "Whoever asked keeps it for the TTL you give, so give the time left: arrival + ttl - now",
                        when(s.at()), s.name(), seconds(s.answer().ttl()), seconds(expires - s.at()), when(from.at()), seconds(from.answer().ttl()));
            }
            if (!s.answer().addresses().equals(from.answer().addresses())) {
                fail("at %s your cache answered %s with %s, but the server's answer was %s", when(s.at()), s.name(),
                        s.answer().addresses(), from.answer().addresses());
            }
        }
    }

    /** Fails unless the authoritative server was asked no more often than a cache that keeps every answer its whole TTL asks it. */
    void assertAsksNoMoreThanNeeded() {
        Figures.attach(new BarChart("Queries to the authoritative server", "resolver", "queries",
                List.of("your cache", "each answer kept its TTL", "no cache"),
                List.of((double) queries, (double) reference, (double) plan.lookups.size())));
        if (queries > reference) {
            fail("your resolver asked the authoritative server %,d times for %,d lookups; keeping each answer for its whole TTL "
                    + "needs %,d. Every extra query is load on the name's owner and a slower lookup for a client: "
                    + "keep an answer until its TTL runs out, and keep each name's own TTL", queries, plan.lookups.size(), reference);
        }
    }

    /** Shows the authoritative server's queries per second over the run through your cache. */
    void showQueries() {
        Figures.attach(queriesChart);
    }

    /** The answers clients got for one name, in order. */
    List<Seen> of(String name) {
        return seen.stream().filter(s -> s.name().equals(name)).toList();
    }

    long queriesFor(String name) {
        return of(name).stream().filter(s -> !s.answer().cached()).count();
    }

    private void fail(String format, Object... args) {
        throw new AssertionError("seed " + plan.seed + ": " + String.format(Locale.ROOT, format, args));
    }

    static String when(long t) {
        return String.format(Locale.ROOT, "t=%.3f s", t / 1e9);
    }

    static String seconds(long t) {
        return String.format(Locale.ROOT, "%.3f s", t / 1e9);
    }
}
