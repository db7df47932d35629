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
 * <p>Membership may change during a run, as in a deploy or an autoscaled fleet:
 * {@link #removeAt(long, Server)} takes a server out of the list the policy is given (it still
 * finishes what it holds, like a drained server), {@link #addAt(long, String)} brings a new one in
 * and {@link #rejoinAt(long, Server)} a removed one back. The list keeps the order in which
 * servers were added, so each backend's {@link Backend#index()} is its position among the
 * current members.
 *
 * <pre>{@code
 * ServerPool pool = new ServerPool(sim).policy(new RoundRobin());
 * pool.addServers(3, server -> server.workers(4));
 * Workload.openLoop(600).start(sim, pool::submit, metrics);
 * }</pre>
 */
public final class ServerPool {
    private final Sim sim;
    /** Every server ever added, in order; members or not. */
    private final List<Server> servers = new ArrayList<>();
    private final List<Server> members = new ArrayList<>();
    private final Action<Request> noBackend = this::failWithoutBackend;
    private final Consumer<Request> observe = this::observe;
    private List<Backend> view = List.of();
    private LoadBalancer policy;
    private long routed;
    private HealthCheck check;
    private long nextProbe = -1;
    private final Client prober = Client.numbered(0);

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
     * Adds a server with default settings (see {@link Server#Server(Sim, String)}); it is a
     * member from now on.
     *
     * @param name its name, unique in the simulation
     * @return the server, to configure
     */
    public Server add(String name) {
        Server server = create(name);
        joinMember(server);
        return server;
    }

    /**
     * Creates a server now, to configure, that joins the pool at a given time: a server
     * added to a live pool. Until then the policy does not see it.
     *
     * @param time when it joins, in nanoseconds since the start of the run
     * @param name its name, unique in the simulation
     * @return the server, to configure
     */
    public Server addAt(long time, String name) {
        Server server = create(name);
        sim.at(time, name + " joins the pool", () -> joinMember(server));
        return server;
    }

    /**
     * Creates a server now, to configure, that is not a member until {@link #join(Server)}:
     * a machine that is booting, or one kept in reserve. The policy does not see it.
     *
     * @param name its name, unique in the simulation
     * @return the server, to configure
     */
    public Server addStandby(String name) {
        return create(name);
    }

    /**
     * Makes one of this pool's servers a member now, in its place in the order; nothing
     * happens if it already is one.
     *
     * @param server one of this pool's servers
     */
    public void join(Server server) {
        owned(server);
        joinMember(server);
    }

    /**
     * Takes one of this pool's servers out now: the policy no longer sees it, and what it holds
     * still finishes. Nothing happens if it is not a member.
     *
     * @param server one of this pool's servers
     */
    public void leave(Server server) {
        owned(server);
        leaveMember(server);
    }

    /**
     * Takes a server out of the pool at a given time: from then on the policy's list no longer
     * holds it, and the backends after it move up one place. Requests it holds still finish.
     *
     * @param time nanoseconds since the start of the run
     * @param server one of this pool's servers
     */
    public void removeAt(long time, Server server) {
        owned(server);
        sim.at(time, server.name() + " leaves the pool", () -> leaveMember(server));
    }

    /**
     * Brings a removed server back into the pool at a given time, in its old place in the order.
     *
     * @param time nanoseconds since the start of the run
     * @param server one of this pool's servers
     */
    public void rejoinAt(long time, Server server) {
        owned(server);
        sim.at(time, server.name() + " rejoins the pool", () -> joinMember(server));
    }

    /**
     * Returns whether a server is in the pool now, so that the policy sees it.
     *
     * @param server a server
     * @return {@code true} for a current member
     */
    public boolean isMember(Server server) {
        return members.contains(server);
    }

    /**
     * Runs health checks on every server of the pool, those added later included: from now on
     * each {@link Backend#healthy()} is what the checks last concluded, not whether the server is
     * up. Probes repeat for ever, so run the simulation for a duration, not until it is idle.
     *
     * @param healthCheck the probes and thresholds
     * @return this pool
     */
    public ServerPool healthCheck(HealthCheck healthCheck) {
        if (check != null) {
            throw new IllegalStateException("the pool already has a health check");
        }
        this.check = Objects.requireNonNull(healthCheck, "healthCheck");
        for (Server server : servers) {
            startProbing(server);
        }
        return this;
    }

    private void startProbing(Server server) {
        server.backend.checked = true;
        double phase = sim.random("health/" + server.name()).nextDouble();
        sim.at(sim.now() + (long) (phase * check.interval()), "a health probe", () -> probe(server));
    }

    private void probe(Server server) {
        Request probe = new Request(nextProbe--, prober, 0, sim.now());
        boolean[] settled = {false};
        long timer = sim.after(check.timeout(), "a health probe times out", () -> {
            if (!settled[0]) {
                settled[0] = true;
                verdict(server, false);
            }
        });
        probe.onComplete(done -> {
            if (!settled[0]) {
                settled[0] = true;
                sim.cancel(timer);
                verdict(server, done.outcome() == Outcome.OK);
            }
        });
        server.submit(probe);
        sim.after(check.interval(), "a health probe", () -> probe(server));
    }

    private void verdict(Server server, boolean passed) {
        Backend backend = server.backend;
        if (passed) {
            backend.failures = 0;
            backend.passes++;
            if (!backend.probedHealthy && backend.passes >= check.healthyAfter()) {
                backend.probedHealthy = true;
                server.note("marked healthy by its health check");
            }
        } else {
            backend.passes = 0;
            backend.failures++;
            if (backend.probedHealthy && backend.failures >= check.unhealthyAfter()) {
                backend.probedHealthy = false;
                server.note("marked unhealthy by its health check");
            }
        }
    }

    private Server create(String name) {
        for (Server existing : servers) {
            if (existing.name().equals(name)) {
                throw new IllegalArgumentException("the pool already has a server named " + name);
            }
        }
        Server server = new Server(sim, name);
        server.backend = new Backend(server, -1);
        servers.add(server);
        if (check != null) {
            startProbing(server);
        }
        return server;
    }

    private void owned(Server server) {
        if (!servers.contains(server)) {
            throw new IllegalArgumentException(server + " is not one of this pool's servers");
        }
    }

    private void joinMember(Server server) {
        if (members.contains(server)) {
            return;
        }
        members.add(server);
        members.sort(java.util.Comparator.comparingInt(servers::indexOf));
        server.membershipChanged(true);
        rebuildView();
    }

    private void leaveMember(Server server) {
        if (members.remove(server)) {
            server.membershipChanged(false);
            rebuildView();
        }
    }

    private void rebuildView() {
        List<Backend> list = new ArrayList<>(members.size());
        for (Server member : members) {
            member.backend.index = list.size();
            list.add(member.backend);
        }
        view = List.copyOf(list);
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
     * Returns every server in the order they were added, including those not (or no longer)
     * in the pool.
     *
     * @return the servers
     */
    public List<Server> servers() {
        return List.copyOf(servers);
    }

    /**
     * Returns the backends the policy is given: every current member, healthy or not, in the
     * order the servers were added.
     *
     * @return the backends
     */
    public List<Backend> backends() {
        return view;
    }

    /**
     * Returns the backend of every server ever added, members or not, in the order added: what
     * a report counts, so that a server that left still shows the requests it got.
     *
     * @return the backends, each with its pick count and recent latency
     */
    public List<Backend> everyBackend() {
        List<Backend> all = new ArrayList<>(servers.size());
        for (Server server : servers) {
            all.add(server.backend);
        }
        return all;
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
        List<Backend> backends = view;
        routed++;
        sim.during(request, "arrived");
        Backend chosen = policy.pick(request, backends);
        if (chosen == null) {
            sim.schedule(sim.now(), "load balancer finds no backend for", noBackend, request);
            return;
        }
        if (chosen.index() < 0 || chosen.index() >= backends.size() || backends.get(chosen.index()) != chosen) {
            throw new IllegalStateException("pick() returned a backend that is not one of the pool's ("
                    + chosen.name() + "): return an element of the list it was given");
        }
        chosen.picked();
        request.observer = observe;
        chosen.server().submit(request);
    }

    private void observe(Request request) {
        if (request.server == null || request.server.backend == null) {
            return;
        }
        Backend backend = request.server.backend;
        if (request.outcome() == Outcome.OK) {
            backend.observe(request.latency());
            backend.consecutiveErrors = 0;
        } else if (check != null && check.ejectAfterErrors() > 0
                && ++backend.consecutiveErrors >= check.ejectAfterErrors()) {
            backend.consecutiveErrors = 0;
            backend.ejectedUntil = sim.now() + check.ejectFor();
            request.server.note("ejected by outlier detection");
        }
    }

    private void failWithoutBackend(Request request) {
        request.complete(sim.now(), Outcome.NO_BACKEND);
    }
}
