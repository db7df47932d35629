package dev.loadbearing.sim.dns;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.List;

/**
 * What a {@link Resolver} answered for a name: the addresses, in the order a client should try
 * them, and how much longer the answer may be cached.
 *
 * @param name the name asked for
 * @param addresses the addresses, first the one to use; empty if the name has none
 * @param ttl nanoseconds the answer stays valid (the time to live left, for a cached answer)
 * @param cached whether it came from the resolver's cache rather than the authoritative server
 */
@LearnerApi(allMembers = true)
public record Answer(String name, List<String> addresses, long ttl, boolean cached) {

    /**
     * Copies the addresses.
     *
     * @param name see the record description
     * @param addresses see the record description
     * @param ttl see the record description
     * @param cached see the record description
     */
    public Answer {
        addresses = List.copyOf(addresses);
    }

    /**
     * Returns the address a client should connect to.
     *
     * @return the first address, or {@code null} if there is none
     */
    public String first() {
        return addresses.isEmpty() ? null : addresses.get(0);
    }
}
