import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/**
 * Round robin: hand requests to the servers in turn, 0, 1, 2, 0, 1, 2, ... and skip any server
 * that is down. Return null when every server is down.
 */
public final class RoundRobin implements LoadBalancer {
    private int next;

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        int n = backends.size();
        for (int tried = 0; tried < n; tried++) {
            // floorMod, not %: after 2^31 requests the counter overflows and % would go negative.
            Backend candidate = backends.get(Math.floorMod(next++, n));
            if (candidate.healthy()) {
                return candidate;
            }
        }
        return null;
    }
}
