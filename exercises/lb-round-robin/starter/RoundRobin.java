import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/**
 * Round robin: hand requests to the servers in turn, 0, 1, 2, 0, 1, 2, ... and skip any server
 * that is down. Return null when every server is down.
 */
public final class RoundRobin implements LoadBalancer {

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        // Every request goes to the first server. Keep a counter instead, and use
        // backends.get(i).healthy() to skip servers that are down.
        return backends.get(0);
    }
}
