package dev.loadbearing.sim.reference;

import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/** The healthy backend with the fewest active requests per unit of weight; ties broken at random. */
public final class LeastConnections implements LoadBalancer {
    private final RandomStream random;

    public LeastConnections(RandomStream random) {
        this.random = random;
    }

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        Backend best = null;
        double bestLoad = Double.MAX_VALUE;
        int ties = 0;
        for (Backend backend : backends) {
            if (!backend.healthy() || backend.weight() == 0) {
                continue;
            }
            double load = (backend.active() + 1) / (double) backend.weight();
            if (load < bestLoad) {
                best = backend;
                bestLoad = load;
                ties = 1;
            } else if (load == bestLoad && random.nextInt(++ties) == 0) {
                best = backend; // reservoir sampling keeps each tied backend equally likely
            }
        }
        return best;
    }
}
