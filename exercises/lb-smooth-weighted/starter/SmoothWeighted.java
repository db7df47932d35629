import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/**
 * Smooth weighted round robin, as nginx does it: a server with weight w gets w of every W = Σw
 * picks, interleaved with the others instead of in a run. Weights may change while it runs; a
 * weight of 0, or a server that is down, gets nothing.
 */
public final class SmoothWeighted implements LoadBalancer {
    private int next;

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        // Plain round robin: it ignores backends.get(i).weight(). Give each server a running
        // credit instead (see the hints).
        return backends.get(Math.floorMod(next++, backends.size()));
    }
}
