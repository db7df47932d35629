package dev.loadbearing.sim.reference;

import dev.loadbearing.sim.server.Backend;
import dev.loadbearing.sim.server.LoadBalancer;
import dev.loadbearing.sim.server.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Hashes part of the request onto the healthy backends: IP hash and URL hash. */
public final class HashPolicy implements LoadBalancer {
    private final Function<Request, String> key;

    private HashPolicy(Function<Request, String> key) {
        this.key = key;
    }

    /** Same client IP, same backend (while membership is stable). */
    public static HashPolicy ipHash() {
        return new HashPolicy(Request::clientIp);
    }

    /** Same URL path, same backend: each backend caches its share of the keys. */
    public static HashPolicy urlHash() {
        return new HashPolicy(Request::path);
    }

    @Override
    public Backend pick(Request request, List<Backend> backends) {
        List<Backend> healthy = new ArrayList<>();
        for (Backend backend : backends) {
            if (backend.healthy()) {
                healthy.add(backend);
            }
        }
        if (healthy.isEmpty()) {
            return null;
        }
        int hash = key.apply(request).hashCode() * 0x9E3779B9; // spread String.hashCode's low bits
        return healthy.get(Math.floorMod(hash, healthy.size()));
    }
}
