package dev.loadbearing.sim.server;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.RandomStream;
import java.util.List;

/**
 * A load-balancing policy: for each request, pick the backend that should serve it. This is the
 * interface learners implement (round robin, least connections, IP hash...).
 *
 * <pre>{@code
 * LoadBalancer firstHealthy = (request, backends) -> {
 *     for (Backend backend : backends) {
 *         if (backend.healthy()) {
 *             return backend;
 *         }
 *     }
 *     return null;   // every backend is down
 * };
 * }</pre>
 *
 * <p>{@code pick} is called once per request, in virtual time, on the simulation's one thread:
 * a policy may keep state (a counter, a table) without any locking.
 */
@LearnerApi
@FunctionalInterface
public interface LoadBalancer {
    /**
     * Chooses the backend for a request.
     *
     * @param request the request, with its client IP, path and key
     * @param backends every backend, always in the same order, unhealthy ones included; each
     *     shows its load, weight, recent latency and health
     * @return one of {@code backends}, or {@code null} when none can take the request (it then
     *     fails with {@link Outcome#NO_BACKEND}); picking an unhealthy backend fails the request
     *     with {@link Outcome#SERVER_DOWN}
     */
    @LearnerApi
    Backend pick(Request request, List<Backend> backends);

    /**
     * A reference policy: a uniformly random healthy backend.
     *
     * @param random the stream to draw from, such as {@code sim.random("lb")}
     * @return the policy
     */
    @LearnerApi
    static LoadBalancer random(RandomStream random) {
        return (request, backends) -> {
            int healthy = 0;
            for (Backend backend : backends) {
                if (backend.healthy()) {
                    healthy++;
                }
            }
            if (healthy == 0) {
                return null;
            }
            int chosen = random.nextInt(healthy);
            for (Backend backend : backends) {
                if (backend.healthy() && chosen-- == 0) {
                    return backend;
                }
            }
            throw new AssertionError("unreachable");
        };
    }
}
