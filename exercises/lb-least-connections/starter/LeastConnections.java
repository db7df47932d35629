import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/**
 * Least connections: send each request to the healthy server holding the fewest active requests,
 * and break ties fairly at random with the simulation's stream.
 */
public final class LeastConnections implements LoadBalancer {
    private final RandomStream random;

    /** @param random the simulation's stream for tie-breaks (the tests pass one in) */
    public LeastConnections(RandomStream random) {
        this.random = random;
    }

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        // Every request goes to the first healthy server, however busy it is. Compare
        // backend.active() instead, and use random.nextInt(n) to choose among ties.
        for (Backend backend : backends) {
            if (backend.healthy()) {
                return backend;
            }
        }
        return null;
    }
}
