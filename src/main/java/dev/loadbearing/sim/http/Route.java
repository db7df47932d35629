package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;

/**
 * A gateway route: requests whose path lies under {@code prefix} go to {@code backend}, a share
 * of them to a {@code canary} (a new version being tried out), and only with a token that grants
 * {@code scope}. A prefix covers whole path segments: {@code /api/orders} covers
 * {@code /api/orders} and {@code /api/orders/7}, not {@code /api/ordersummary}; {@code /}
 * covers every path.
 *
 * @param prefix the path prefix: {@code /} or {@code /segment/...} without a trailing slash
 * @param backend the backend that serves it
 * @param canary the backend of the canary version, or {@code null}
 * @param canaryShare the share of traffic for the canary, from 0 to 1 (0 without a canary)
 * @param scope the scope a token needs for this route, or {@code null} if any valid token will do
 */
@LearnerApi(allMembers = true)
public record Route(String prefix, String backend, String canary, double canaryShare, String scope) {

    /** Checks the prefix, the backend and the canary share. */
    public Route {
        Objects.requireNonNull(backend, "backend");
        if (prefix == null || !prefix.startsWith("/") || prefix.length() > 1 && prefix.endsWith("/")) {
            throw new IllegalArgumentException("a route prefix is '/' or '/a/b' (no trailing slash), not " + prefix);
        }
        if (canaryShare < 0 || canaryShare > 1 || canary == null && canaryShare != 0) {
            throw new IllegalArgumentException("a canary share is from 0 to 1, and needs a canary backend: " + canaryShare);
        }
    }

    /**
     * Returns a route to one backend, with no canary, for any valid token.
     *
     * @param prefix the path prefix
     * @param backend the backend
     * @return the route
     */
    public static Route to(String prefix, String backend) {
        return new Route(prefix, backend, null, 0, null);
    }

    /**
     * Returns a copy that sends a share of traffic to a canary backend.
     *
     * @param canaryBackend the canary's backend
     * @param share from 0 to 1
     * @return the new route
     */
    public Route withCanary(String canaryBackend, double share) {
        return new Route(prefix, backend, Objects.requireNonNull(canaryBackend, "canary"), share, scope);
    }

    /**
     * Returns a copy that needs a scope.
     *
     * @param requiredScope the scope a token must grant
     * @return the new route
     */
    public Route requiring(String requiredScope) {
        return new Route(prefix, backend, canary, canaryShare, Objects.requireNonNull(requiredScope, "scope"));
    }

    @Override
    public String toString() {
        return prefix + " -> " + backend + (canary == null ? "" : " (" + Math.round(canaryShare * 1000) / 10.0 + "% to " + canary + ")")
                + (scope == null ? "" : " [" + scope + "]");
    }
}
