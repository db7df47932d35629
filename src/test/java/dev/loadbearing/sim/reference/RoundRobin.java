package dev.loadbearing.sim.reference;

import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.List;

/** Each healthy backend in turn. */
public final class RoundRobin implements LoadBalancer {
    private int next;

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        for (int tried = 0; tried < backends.size(); tried++) {
            Backend backend = backends.get(Math.floorMod(next++, backends.size()));
            if (backend.healthy()) {
                return backend;
            }
        }
        return null;
    }
}
