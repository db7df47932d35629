import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/**
 * Least response time: send each request where it should be answered soonest, judged by the
 * server's recent latency (an EWMA) and the requests it already holds. Ties, such as several
 * servers that have not answered yet, are broken at random.
 */
public final class LeastResponseTime implements LoadBalancer {
    private final RandomStream random;

    /** @param random the simulation's stream for tie-breaks (the tests pass one in) */
    public LeastResponseTime(RandomStream random) {
        this.random = random;
    }

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        // A random healthy server: it never notices that one has become slow. Use
        // backend.recentLatencyMs() and backend.active() to estimate each server's response time.
        return LoadBalancer.random(random).pick(request, backends);
    }
}
