import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/**
 * IP hash that survives a change of membership: the same client IP always goes to the same
 * server, and when a server leaves the pool only its own clients move. With a load bound, a
 * server already holding more than bound × the average load is passed over for the client's
 * next choice (consistent hashing with bounded loads).
 *
 * <p>This one is rendezvous (highest random weight) hashing: each IP scores every server by
 * hash(ip, server name) and goes to the highest score. A server's name, unlike its index, does
 * not change when another server leaves.
 */
public final class IpHash implements LoadBalancer {
    private final double loadBound;

    /** Plain IP hash: every client always goes to its first choice. */
    public IpHash() {
        this(Double.POSITIVE_INFINITY);
    }

    /**
     * IP hash with bounded loads.
     *
     * @param loadBound how far above the average load a server may go, such as 1.25
     */
    public IpHash(double loadBound) {
        this.loadBound = loadBound;
    }

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        int healthy = 0;
        int active = 0;
        for (Backend backend : backends) {
            if (backend.healthy()) {
                healthy++;
                active += backend.active();
            }
        }
        if (healthy == 0) {
            return null;
        }
        // The most one server may hold, counting this request: bound x the average, at least 1.
        double limit = Math.max(1, Math.ceil(loadBound * (active + 1) / healthy));
        Backend first = null;
        Backend chosen = null;
        long firstScore = Long.MIN_VALUE;
        long chosenScore = Long.MIN_VALUE;
        for (Backend backend : backends) {
            if (!backend.healthy()) {
                continue;
            }
            long score = mix(request.clientIp().hashCode() * 31L + backend.name().hashCode());
            if (first == null || score > firstScore) {
                first = backend;
                firstScore = score;
            }
            if (backend.active() < limit && (chosen == null || score > chosenScore)) {
                chosen = backend;
                chosenScore = score;
            }
        }
        return chosen != null ? chosen : first;
    }

    /** SplitMix64's finaliser: String.hashCode of similar strings is similar, this spreads it. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
