package dev.loadbearing.sim.dns;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * Where a {@link Resolver} keeps the answers it got from the authoritative server, so it can
 * answer again without asking. A resolver built with one asks it first for every lookup, and only
 * on {@code null} queries the authoritative {@link Dns} and hands the fresh answer to
 * {@link #put}.
 *
 * <p>An honest cache keeps an answer for exactly its TTL, counted from when it arrived, and says
 * how much of it is left: a cache that hands out the original TTL makes every cache behind it
 * (a browser, an operating system) keep the answer too long.
 *
 * <pre>{@code
 * Resolver isp = new Resolver(dns, "isp-1", new TtlCache());
 * }</pre>
 */
@LearnerApi
public interface AnswerCache {
    /**
     * Returns the cached answer for a name if it is still valid at {@code now}, with the TTL left.
     *
     * @param name the name asked for
     * @param now the simulation's time, in nanoseconds
     * @return an {@link Answer} for {@code name} whose {@code ttl} is the time it stays valid from
     *     {@code now}, or {@code null} to ask the authoritative server
     */
    @LearnerApi
    Answer get(String name, long now);

    /**
     * Keeps an answer that just came from the authoritative server.
     *
     * @param answer the fresh answer; its {@code ttl} counts from {@code now}, and 0 means "do not cache"
     * @param now the simulation's time, in nanoseconds
     */
    @LearnerApi
    void put(Answer answer, long now);
}
