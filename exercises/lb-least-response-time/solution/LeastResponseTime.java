import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/**
 * Least response time: send each request where it should be answered soonest, judged by the
 * server's recent latency (an EWMA) times the requests it already holds plus this one. Ties,
 * such as several servers that have not answered yet, are broken at random.
 */
public final class LeastResponseTime implements LoadBalancer {
    private final RandomStream random;

    /** @param random the simulation's stream for tie-breaks (the tests pass one in) */
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
            // Latency alone herds: every request goes to whichever server looked fast last.
            // Multiplying by (active + 1) charges for the queue the request would join.
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
