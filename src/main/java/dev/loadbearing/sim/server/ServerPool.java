package dev.loadbearing.sim.server;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Sim;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Servers behind a load-balancing policy: {@link #submit(Request)} asks the policy for a backend
 * and hands the request to its server, or fails it with {@link Outcome#NO_BACKEND} when the
 * policy returns {@code null}. The pool keeps each backend's pick count and recent latency up to
 * date. Usable on its own in any scenario; {@code LoadBalancerScenario} is one built on it.
 *
 * <pre>{@code
 * ServerPool pool = new ServerPool(sim).policy(new RoundRobin());
 * pool.addServers(3, server -> server.workers(4));
 * Workload.openLoop(600).start(sim, pool::submit, metrics);
 * }</pre>
 */
public final class ServerPool {
    private final Sim sim;
    private final List<Server> servers = new ArrayList<>();
    private final List<Backend> backends = new ArrayList<>();
    private final Action<Request> noBackend = this::failWithoutBackend;
    private final Consumer<Request> observe = this::observe;
    private List<Backend> view = List.of();
    private LoadBalancer policy;
    private long routed;

    /**
     * Creates an empty pool.
     *
     * @param sim the simulation its servers run in
     */
    public ServerPool(Sim sim) {
        this.sim = Objects.requireNonNull(sim, "sim");
    }

    /**
     * Sets the policy that picks a backend for each request.
     *
     * @param policy the load balancer
     * @return this pool
     */
    public ServerPool policy(LoadBalancer policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Adds a server with default settings (see {@link Server#Server(Sim, String)}).
     *
     * @param name its name, unique in the simulation
     * @return the server, to configure
     */
    public Server add(String name) {
        Server server = new Server(sim, name);
        Backend backend = new Backend(server, servers.size());
        server.backend = backend;
        backends.add(backend);
        servers.add(server);
        view = List.copyOf(backends);
        return server;
    }

    /**
     * Adds servers named {@code server-<i>}, numbered on from those already there.
     *
     * @param count how many
     * @param configure applied to each new server
     * @return the new servers
     */
    public List<Server> addServers(int count, Consumer<Server> configure) {
        List<Server> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Server server = add("server-" + servers.size());
            configure.accept(server);
            added.add(server);
        }
        return added;
    }

    /**
     * Returns the server at a position.
     *
     * @param index from 0, in the order servers were added
     * @return the server
     */
    public Server server(int index) {
        return servers.get(index);
    }

    /**
     * Returns every server in the order they were added.
     *
     * @return the servers
     */
    public List<Server> servers() {
        return List.copyOf(servers);
    }

    /**
     * Returns the backends the policy is given, in the servers' order: every one, healthy or not.
     *
     * @return the backends
     */
    public List<Backend> backends() {
        return view;
    }

    /**
     * Returns how many requests were routed through the pool.
     *
     * @return requests submitted
     */
    public long routed() {
        return routed;
    }

    /**
     * Routes one request: asks the policy, then hands the request to the chosen server. A
     * {@code null} choice fails the request with {@link Outcome#NO_BACKEND} through an event at
     * the same instant, so a retrying client cannot recurse.
     *
     * @param request the request
     */
    public void submit(Request request) {
        if (policy == null) {
            throw new IllegalStateException("set the pool's policy before submitting requests");
        }
        if (servers.isEmpty()) {
            throw new IllegalStateException("add servers to the pool before submitting requests");
        }
        routed++;
        sim.during(request, "arrived");
        Backend chosen = policy.pick(request, view);
        if (chosen == null) {
            sim.schedule(sim.now(), "load balancer finds no backend for", noBackend, request);
            return;
        }
        if (chosen.index() >= backends.size() || backends.get(chosen.index()) != chosen) {
            throw new IllegalStateException("pick() returned a backend that is not one of the pool's ("
                    + chosen.name() + "): return an element of the list it was given");
        }
        chosen.picked();
        request.observer = observe;
        chosen.server().submit(request);
    }

    private void observe(Request request) {
        if (request.outcome() == Outcome.OK && request.server != null && request.server.backend != null) {
            request.server.backend.observe(request.latency());
        }
    }

    private void failWithoutBackend(Request request) {
        request.complete(sim.now(), Outcome.NO_BACKEND);
    }
}
