package dev.loadbearing.sim.reference;

import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/**
 * The healthy backend with the lowest recent latency times (active + 1): latency alone herds
 * every request onto whichever backend looked fast last.
 */
public final class LeastResponseTime implements LoadBalancer {
    private final RandomStream random;

    public LeastResponseTime(RandomStream random) {
        this.random = random;
    }

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        Backend best = null;
        double bestScore = Double.MAX_VALUE;
        int ties = 0;
        for (Backend backend : backends) {
            if (!backend.healthy()) {
                continue;
            }
            double score = backend.recentLatencyMs() * (backend.active() + 1);
            if (score < bestScore) {
                best = backend;
                bestScore = score;
                ties = 1;
            } else if (score == bestScore && random.nextInt(++ties) == 0) {
                best = backend;
            }
        }
        return best;
    }
}
