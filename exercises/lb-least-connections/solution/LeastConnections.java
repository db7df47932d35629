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
        Backend best = null;
        int ties = 0;
        for (Backend backend : backends) {
            if (!backend.healthy()) {
                continue;
            }
            if (best == null || backend.active() < best.active()) {
                best = backend;
                ties = 1;
            } else if (backend.active() == best.active() && random.nextInt(++ties) == 0) {
                // Reservoir sampling: the k-th tied server replaces the choice with chance 1/k,
                // so each of the tied servers ends up equally likely.
                best = backend;
            }
        }
        return best;
    }
}
