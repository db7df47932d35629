package dev.loadbearing.sim.dns;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A caching DNS resolver, such as an ISP's: clients ask it, and it asks the authoritative
 * {@link Dns} only when it has no valid cached answer. An honest resolver keeps an answer for
 * exactly its TTL; one that {@linkplain #ignoreTtl(long) ignores TTLs} keeps it longer, as some
 * real resolvers and clients do, so its clients keep going to a server after it was removed.
 *
 * <pre>{@code
 * Resolver isp = new Resolver(dns, "isp-1").region("eu");
 * Resolver stubborn = new Resolver(dns, "isp-2").ignoreTtl(Time.minutes(10));
 * String address = isp.resolve("shop.example").first();
 * Resolver yours = new Resolver(dns, "isp-3", new TtlCache()); // a learner's AnswerCache
 * }</pre>
 *
 * <p>Resolving takes no virtual time; what matters here is which answer a client gets when.
 */
public final class Resolver {
    private final Dns dns;
    private final Sim sim;
    private final String name;
    private final Map<String, Cached> cache = new HashMap<>();
    /** The cache answers are kept in when one was given; otherwise {@link #cache}. */
    private final AnswerCache answers;
    private String region = "";
    private long keepFor;
    private long lookups;
    private long misses;

    /**
     * Creates an honest resolver in no particular region.
     *
     * @param dns the authoritative server it asks
     * @param name its name, such as {@code isp-1}
     */
    public Resolver(Dns dns, String name) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.sim = dns.sim();
        this.name = Objects.requireNonNull(name, "name");
        this.answers = null;
    }

    /**
     * Creates a resolver that keeps its answers in the given cache, such as a learner's.
     *
     * @param dns the authoritative server it asks
     * @param name its name, such as {@code isp-1}
     * @param answers where answers are kept: asked first on every lookup, given every fresh answer
     */
    public Resolver(Dns dns, String name, AnswerCache answers) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.sim = dns.sim();
        this.name = Objects.requireNonNull(name, "name");
        this.answers = Objects.requireNonNull(answers, "answers");
    }

    /**
     * Sets the region the resolver asks from; the authoritative server may prefer servers there.
     *
     * @param region a region name, such as {@code eu}
     * @return this resolver
     */
    public Resolver region(String region) {
        this.region = Objects.requireNonNull(region, "region");
        return this;
    }

    /**
     * Makes the resolver keep every answer for a fixed time, whatever TTL it came with.
     *
     * @param keepFor nanoseconds to keep each answer, more than zero
     * @return this resolver
     */
    public Resolver ignoreTtl(long keepFor) {
        if (answers != null) {
            throw new IllegalStateException(name + " keeps its answers in " + answers.getClass().getSimpleName()
                    + ", which decides how long to keep them");
        }
        if (keepFor <= 0) {
            throw new IllegalArgumentException("keepFor must be positive");
        }
        this.keepFor = keepFor;
        return this;
    }

    /**
     * Answers a name from the cache if the cached answer is still valid, otherwise asks the
     * authoritative server and caches its answer.
     *
     * @param domain the name to resolve
     * @return the answer
     */
    public Answer resolve(String domain) {
        lookups++;
        long now = sim.now();
        if (answers != null) {
            return resolveWith(domain, now);
        }
        Cached cached = cache.get(domain);
        if (cached != null && now < cached.expiresAt) {
            return new Answer(domain, cached.addresses, cached.expiresAt - now, true);
        }
        misses++;
        Answer fresh = dns.query(new Dns.Query(domain, name, region));
        long lifetime = keepFor > 0 ? keepFor : fresh.ttl();
        cache.put(domain, new Cached(fresh.addresses(), now + lifetime));
        return new Answer(domain, fresh.addresses(), lifetime, false);
    }

    private Answer resolveWith(String domain, long now) {
        Answer hit = answers.get(domain, now);
        if (hit != null) {
            if (!domain.equals(hit.name())) {
                throw new IllegalStateException("asked for \"" + domain + "\", " + answers.getClass().getSimpleName()
                        + ".get() returned the answer for \"" + hit.name() + "\"");
            }
            return hit.cached() ? hit : new Answer(domain, hit.addresses(), hit.ttl(), true);
        }
        misses++;
        Answer fresh = dns.query(new Dns.Query(domain, name, region));
        answers.put(fresh, now);
        return fresh;
    }

    /** Forgets every cached answer (those of the built-in cache; a given {@link AnswerCache} keeps its own). */
    public void flush() {
        cache.clear();
    }

    /**
     * Returns whether the resolver keeps answers longer than their TTL.
     *
     * @return {@code true} after {@link #ignoreTtl(long)}
     */
    public boolean ignoresTtl() {
        return keepFor > 0;
    }

    /**
     * Returns how many names clients asked this resolver for.
     *
     * @return lookups so far
     */
    public long lookups() {
        return lookups;
    }

    /**
     * Returns how many lookups it had to send to the authoritative server.
     *
     * @return cache misses so far
     */
    public long misses() {
        return misses;
    }

    /**
     * Returns the resolver's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the region it asks from.
     *
     * @return the region, {@code ""} if none was set
     */
    public String region() {
        return region;
    }

    @Override
    public String toString() {
        return "Resolver[" + name + (keepFor > 0 ? ", keeps answers " + Time.format(keepFor)
                : "") + "]";
    }

    private record Cached(List<String> addresses, long expiresAt) {
    }
}
