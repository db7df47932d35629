package dev.loadbearing.sim.dns;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.metrics.TimeSeries;
import dev.loadbearing.sim.figure.Band;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An authoritative DNS server: address records for names, each answer with a time to live, the
 * order of addresses chosen per query, and health checks that stop answering with a dead server.
 * {@linkplain Resolver Resolvers} ask it and cache its answers.
 *
 * <pre>{@code
 * Dns dns = new Dns(sim, "dns").order(Dns.Order.ROUND_ROBIN);
 * dns.add("shop.example", "10.0.0.1");
 * dns.add("shop.example", "10.0.0.2");
 * dns.ttl("shop.example", Time.seconds(30));
 * dns.healthCheck(Time.seconds(5), address -> servers.get(address).isUp());
 * }</pre>
 *
 * <p>By default an answer holds the name's healthy records in the {@linkplain #order(Order)
 * configured order}; if none is healthy it holds them all (failing open, as Route 53 does). A
 * {@linkplain #policy(Policy) policy} replaces that choice: the learner's answer to "which
 * addresses should this resolver get?".
 */
public final class Dns {
    /** How the built-in answer orders a name's healthy addresses. */
    public enum Order {
        /** In the order the records were added. */
        FIXED,
        /** Rotated by one on every query, so first places take turns. */
        ROUND_ROBIN,
        /** Shuffled at random, each place drawn in proportion to the records' weights. */
        WEIGHTED
    }

    /**
     * A question from a resolver.
     *
     * @param name the name asked for
     * @param resolver the resolver's name
     * @param region the resolver's region ({@code ""} if unknown)
     */
    @LearnerApi(allMembers = true)
    public record Query(String name, String resolver, String region) {
    }

    /**
     * Chooses the addresses of an answer, and how long resolvers may keep it: what a DNS
     * load-balancing exercise asks for. Managed DNS services let each answer carry its own TTL.
     */
    @LearnerApi
    @FunctionalInterface
    public interface Policy {
        /**
         * Answers a query.
         *
         * @param query who asks for what
         * @param records every record of the name, healthy or not, in the order they were added
         * @return the addresses to answer with, the preferred one first
         */
        @LearnerApi
        List<String> answer(Query query, List<DnsRecord> records);

        /**
         * Chooses the TTL of an answer. Short TTLs move clients quickly when an address changes,
         * long ones spare the server: every resolver asks again once per TTL.
         *
         * @param query who asks for what
         * @param configured the name's TTL as configured with {@link Dns#ttl(String, long)}, in nanoseconds
         * @return the TTL to answer with, in nanoseconds, 0 or more; by default {@code configured}
         */
        @LearnerApi
        default long ttl(Query query, long configured) {
            return configured;
        }
    }

    private final Sim sim;
    private final String name;
    private final RandomStream random;
    private final Map<String, List<DnsRecord>> records = new LinkedHashMap<>();
    private final Map<String, Long> ttls = new HashMap<>();
    private final Map<String, Integer> rotation = new HashMap<>();
    private final Map<String, Fault> unhealthySince = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final TimeSeries queriesPerSecond;
    private long defaultTtl = Time.seconds(60);
    private Order order = Order.ROUND_ROBIN;
    private Policy policy;
    private long queries;

    /**
     * Creates an authoritative server with no records, a 60 s default TTL and round-robin
     * answers. Its random stream is {@code dns/<name>}.
     *
     * @param sim the simulation it runs in
     * @param name its name, for traces
     */
    public Dns(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        this.random = sim.random("dns/" + name);
        this.queriesPerSecond = TimeSeries.counter("queries", Time.seconds(1));
    }

    // ------------------------------------------------------------------------- configuration

    /**
     * Adds an address for a name, with weight 1 and no region.
     *
     * @param domain the name
     * @param address the address
     * @return this server
     */
    public Dns add(String domain, String address) {
        return add(domain, address, 1, "");
    }

    /**
     * Adds an address for a name.
     *
     * @param domain the name
     * @param address the address
     * @param weight its share in weighted answers, at least zero
     * @param region where the server is
     * @return this server
     */
    public Dns add(String domain, String address, int weight, String region) {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative");
        }
        records.computeIfAbsent(domain, d -> new ArrayList<>())
                .add(new DnsRecord(domain, address, weight, region, true));
        return this;
    }

    /**
     * Removes an address from a name, as an operator would.
     *
     * @param domain the name
     * @param address the address
     * @return this server
     */
    public Dns remove(String domain, String address) {
        List<DnsRecord> list = records.get(domain);
        if (list != null) {
            list.removeIf(record -> record.address().equals(address));
        }
        return this;
    }

    /**
     * Sets the TTL of a name's answers.
     *
     * @param domain the name
     * @param nanos how long resolvers may cache its answers, at least zero
     * @return this server
     */
    public Dns ttl(String domain, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("TTL must not be negative");
        }
        ttls.put(domain, nanos);
        return this;
    }

    /**
     * Sets the TTL of names without their own.
     *
     * @param nanos at least zero
     * @return this server
     */
    public Dns defaultTtl(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("TTL must not be negative");
        }
        defaultTtl = nanos;
        return this;
    }

    /**
     * Sets how the built-in answer orders addresses.
     *
     * @param order the order
     * @return this server
     */
    public Dns order(Order order) {
        this.order = Objects.requireNonNull(order, "order");
        return this;
    }

    /**
     * Replaces the built-in answer with a policy.
     *
     * @param policy chooses each answer's addresses; {@code null} restores the built-in answer
     * @return this server
     */
    public Dns policy(Policy policy) {
        this.policy = policy;
        return this;
    }

    // ------------------------------------------------------------------------- health

    /**
     * Marks an address healthy or not, under every name it serves. An unhealthy address leaves
     * the built-in answers; resolvers that cached it keep it until their cache expires.
     *
     * @param address the address
     * @param healthy whether it is up
     */
    public void setHealthy(String address, boolean healthy) {
        for (List<DnsRecord> list : records.values()) {
            for (int i = 0; i < list.size(); i++) {
                DnsRecord record = list.get(i);
                if (record.address().equals(address) && record.healthy() != healthy) {
                    list.set(i, new DnsRecord(record.name(), address, record.weight(),
                            record.region(), healthy));
                }
            }
        }
        Fault open = unhealthySince.get(address);
        if (!healthy && open == null) {
            Fault fault = new Fault(address + " unhealthy", sim.now(), -1);
            unhealthySince.put(address, fault);
            faults.add(fault);
        } else if (healthy && open != null) {
            unhealthySince.remove(address);
            faults.set(faults.indexOf(open), open.endedAt(sim.now()));
        }
    }

    /**
     * Checks every address now and then, marking each healthy or not.
     *
     * @param interval nanoseconds between checks
     * @param isUp says whether the server at an address answers
     * @return the repetition, to cancel
     */
    public Sim.Periodic healthCheck(long interval, Predicate<String> isUp) {
        Objects.requireNonNull(isUp, "isUp");
        return sim.every(interval, name + " health check", () -> {
            for (String address : addresses()) {
                setHealthy(address, isUp.test(address));
            }
        });
    }

    // ------------------------------------------------------------------------- answering

    /**
     * Answers a query: what a resolver gets when it asks. Counts as one query.
     *
     * @param query who asks for what
     * @return the addresses and the name's TTL
     */
    public Answer query(Query query) {
        queries++;
        queriesPerSecond.add(sim.now(), 1);
        List<DnsRecord> list = records.getOrDefault(query.name(), List.of());
        List<String> addresses = policy != null
                ? policy.answer(query, List.copyOf(list))
                : builtIn(query.name(), list);
        long configured = ttls.getOrDefault(query.name(), defaultTtl);
        long ttl = policy != null ? policy.ttl(query, configured) : configured;
        if (ttl < 0) {
            throw new IllegalArgumentException("the policy's ttl() for " + query.name() + " was " + ttl
                    + " ns; a TTL is 0 (do not cache) or more");
        }
        if (addresses == null) {
            throw new IllegalArgumentException("the policy's answer() for " + query.name()
                    + " returned null; return an empty list for no address");
        }
        return new Answer(query.name(), addresses, ttl, false);
    }

    private List<String> builtIn(String domain, List<DnsRecord> list) {
        List<DnsRecord> candidates = new ArrayList<>();
        for (DnsRecord record : list) {
            if (record.healthy()) {
                candidates.add(record);
            }
        }
        if (candidates.isEmpty()) {
            candidates.addAll(list);
        }
        List<String> addresses = new ArrayList<>(candidates.size());
        switch (order) {
            case FIXED -> candidates.forEach(record -> addresses.add(record.address()));
            case ROUND_ROBIN -> {
                int start = rotation.merge(domain, 1, Integer::sum) - 1;
                for (int i = 0; i < candidates.size(); i++) {
                    addresses.add(candidates.get((start + i) % candidates.size()).address());
                }
            }
            case WEIGHTED -> {
                List<DnsRecord> left = new ArrayList<>(candidates);
                while (!left.isEmpty()) {
                    long total = 0;
                    for (DnsRecord record : left) {
                        total += record.weight();
                    }
                    int chosen = 0;
                    if (total > 0) {
                        double point = random.nextDouble() * total;
                        while (point >= left.get(chosen).weight()) {
                            point -= left.get(chosen).weight();
                            chosen++;
                        }
                    }
                    addresses.add(left.remove(chosen).address());
                }
            }
        }
        return addresses;
    }

    // ------------------------------------------------------------------------- observing

    /**
     * Returns a name's records with their health.
     *
     * @param domain the name
     * @return the records, in the order they were added
     */
    public List<DnsRecord> records(String domain) {
        return List.copyOf(records.getOrDefault(domain, List.of()));
    }

    /**
     * Returns every address of every name, each once.
     *
     * @return the addresses, in the order they were first added
     */
    public List<String> addresses() {
        List<String> addresses = new ArrayList<>();
        for (List<DnsRecord> list : records.values()) {
            for (DnsRecord record : list) {
                if (!addresses.contains(record.address())) {
                    addresses.add(record.address());
                }
            }
        }
        return addresses;
    }

    /**
     * Returns how many queries resolvers sent.
     *
     * @return queries so far
     */
    public long queries() {
        return queries;
    }

    /**
     * Returns the most queries answered in any one second of virtual time.
     *
     * @return the peak load, in queries per second
     */
    public long peakQueriesPerSecond() {
        double peak = 0;
        for (int i = 0; i < queriesPerSecond.size(); i++) {
            peak = Math.max(peak, queriesPerSecond.value(i));
        }
        return (long) peak;
    }

    /**
     * Draws the queries answered per second.
     *
     * @return the chart, with a band for every period an address was unhealthy
     */
    public TimeSeriesChart queriesChart() {
        int buckets = (int) ((sim.now() - 1) / Time.SECOND) + 1;
        List<Band> bands = Fault.bands(faults, sim.now());
        return new TimeSeriesChart("Queries to " + name, "queries per second",
                List.of(queriesPerSecond.toSeries(buckets)), bands);
    }

    /**
     * Returns every period an address was unhealthy, for fault bands.
     *
     * @return the faults, oldest first
     */
    public List<Fault> faults() {
        return List.copyOf(faults);
    }

    /**
     * Returns the server's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    Sim sim() {
        return sim;
    }

    /**
     * Returns the server's counts so far as one record.
     *
     * @return the statistics
     */
    public DnsStats stats() {
        return new DnsStats(queries(), peakQueriesPerSecond());
    }

    @Override
    public String toString() {
        return "Dns[" + name + ", " + records.size() + " names, " + queries + " queries]";
    }
}
