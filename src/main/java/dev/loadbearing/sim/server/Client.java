package dev.loadbearing.sim.server;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * Who sends requests: a numbered client with a name and an IP address, as a load balancer or a
 * rate limiter sees it.
 *
 * @param number the client's number within its workload, from 0
 * @param name a readable name, such as {@code "client-7"}
 * @param ip an IPv4 address in dotted form
 */
@LearnerApi(allMembers = true)
public record Client(int number, String name, String ip) {

    /**
     * Returns client number {@code n}, named {@code client-n} with the address {@code 10.x.y.z}
     * that encodes {@code n}.
     *
     * @param n the client's number, from 0 to 2^24 - 1
     * @return the client
     */
    public static Client numbered(int n) {
        if (n < 0 || n >= 1 << 24) {
            throw new IllegalArgumentException("client number out of range: " + n);
        }
        return new Client(n, "client-" + n,
                "10." + (n >>> 16 & 255) + "." + (n >>> 8 & 255) + "." + (n & 255));
    }

    @Override
    public String toString() {
        return name + " (" + ip + ")";
    }
}
