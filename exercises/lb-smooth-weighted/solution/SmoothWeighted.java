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
    /** Each backend's running credit, by index. */
    private int[] credit = new int[0];
    /** The weights the credits were earned with; when they change, a new cycle starts. */
    private int[] weights = new int[0];

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        if (credit.length != backends.size()) {
            credit = new int[backends.size()];
            weights = new int[backends.size()];
        }
        boolean changed = false;
        for (Backend backend : backends) {
            int weight = backend.healthy() ? backend.weight() : 0;
            changed |= weights[backend.index()] != weight;
            weights[backend.index()] = weight;
        }
        if (changed) {
            // Credits earned under the old weights would skew the first cycle of the new ones.
            java.util.Arrays.fill(credit, 0);
        }
        Backend best = null;
        int total = 0;
        for (Backend backend : backends) {
            int weight = weights[backend.index()];
            if (weight == 0) {
                continue;
            }
            // Every server earns its weight; the richest wins and pays back the total.
            credit[backend.index()] += weight;
            total += weight;
            if (best == null || credit[backend.index()] > credit[best.index()]) {
                best = backend;
            }
        }
        if (best != null) {
            credit[best.index()] -= total;
        }
        return best;
    }
}
