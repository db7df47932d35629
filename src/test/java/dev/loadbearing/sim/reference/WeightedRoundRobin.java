package dev.loadbearing.sim.reference;

import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/** nginx's smooth weighted round robin: each backend gets its weight's share, interleaved. */
public final class WeightedRoundRobin implements LoadBalancer {
    private int[] current = new int[0];

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        if (current.length != backends.size()) {
            current = new int[backends.size()];
        }
        Backend best = null;
        int total = 0;
        for (Backend backend : backends) {
            if (!backend.healthy() || backend.weight() == 0) {
                continue;
            }
            current[backend.index()] += backend.weight();
            total += backend.weight();
            if (best == null || current[backend.index()] > current[best.index()]) {
                best = backend;
            }
        }
        if (best != null) {
            current[best.index()] -= total;
        }
        return best;
    }
}
