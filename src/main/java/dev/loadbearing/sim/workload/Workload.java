package dev.loadbearing.sim.workload;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Request;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Clients sending requests: either {@linkplain #openLoop(double) open loop} (arrivals at a rate,
 * whatever the system does) or {@linkplain #closedLoop(int, Distribution) closed loop} (a fixed
 * number of users, each waiting for an answer and thinking before the next request).
 *
 * <p>Each request comes from one of the workload's clients and asks for one of its keys; both
 * are uniform unless given a Zipf skew. The workload draws from the streams
 * {@code <name>/arrivals}, {@code <name>/think}, {@code <name>/keys} and {@code <name>/clients}.
 *
 * <pre>{@code
 * Workload load = Workload.openLoop(800).keys(10_000, 0.99).limit(100_000);
 * load.start(sim, server::submit, metrics::record);
 * sim.run();
 * }</pre>
 */
public abstract sealed class Workload permits OpenLoop, ClosedLoop {
    private String name = "workload";
    private int clientCount = 1_000;
    private double clientSkew;
    private double hotClientShare;
    private int keyCount = 1_000;
    private double keySkew;
    private long limit = Long.MAX_VALUE;

    Sim sim;
    private Consumer<Request> target;
    private Consumer<Request> observer;
    private Client[] clients;
    private Zipf keyPopularity;
    private Zipf clientPopularity;
    private RandomStream keyRandom;
    private RandomStream clientRandom;
    private final Consumer<Request> onComplete = this::completed;
    private long issued;
    private long completed;
    private boolean stopped;

    Workload() {
    }

    /**
     * Open loop: requests arrive as a Poisson process at the given rate, however slowly the
     * system answers.
     *
     * @param requestsPerSecond the mean arrival rate
     * @return the workload, to configure further
     */
    public static OpenLoop openLoop(double requestsPerSecond) {
        return new OpenLoop(requestsPerSecond);
    }

    /**
     * Closed loop: {@code users} clients, each sending a request, waiting for its outcome, then
     * thinking before the next one.
     *
     * @param users how many users, at least one
     * @param thinkTime nanoseconds between an answer and the next request
     * @return the workload, to configure further
     */
    public static ClosedLoop closedLoop(int users, Distribution thinkTime) {
        return new ClosedLoop(users, thinkTime);
    }

    /**
     * Names the workload, which names its random streams; two workloads in one simulation
     * need different names.
     *
     * @param value the name
     * @return this workload
     */
    public Workload named(String value) {
        name = Objects.requireNonNull(value, "name");
        return this;
    }

    /**
     * Sets how many clients send the requests, and how skewed their activity is.
     *
     * @param count the number of clients
     * @param zipfExponent 0 for equally active clients; larger values make client 0 a hot spot
     *     (one NAT address sending much of the traffic)
     * @return this workload
     */
    public Workload clients(int count, double zipfExponent) {
        if (count < 1) {
            throw new IllegalArgumentException("a workload needs at least one client");
        }
        clientCount = count;
        clientSkew = zipfExponent;
        return this;
    }

    /**
     * Makes client 0 a hot spot that sends a fixed share of all requests, the other clients of
     * {@link #clients(int, double)} sharing the rest equally (their skew is then ignored): one
     * NAT or carrier-gateway address in front of many users. Open loop only: a closed loop's
     * user {@code i} is always client {@code i}.
     *
     * @param share client 0's share of requests, from 0 (no hot spot) to below 1
     * @return this workload
     */
    public Workload hotClient(double share) {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("a hot client's share must be from 0 to below 1, was " + share);
        }
        hotClientShare = share;
        return this;
    }

    /**
     * Sets how many keys requests ask for, and how skewed their popularity is.
     *
     * @param count the number of keys, numbered 1..count
     * @param zipfExponent 0 for uniform popularity; around 1 for typical web traffic
     * @return this workload
     */
    public Workload keys(int count, double zipfExponent) {
        if (count < 1) {
            throw new IllegalArgumentException("a workload needs at least one key");
        }
        keyCount = count;
        keySkew = zipfExponent;
        return this;
    }

    /**
     * Stops sending after this many requests.
     *
     * @param requests the most requests to send
     * @return this workload
     */
    public Workload limit(long requests) {
        limit = requests;
        return this;
    }

    /**
     * Starts sending requests.
     *
     * @param simulation the simulation to run in
     * @param destination receives each new request (a server's {@code submit}, a load balancer)
     * @param onOutcome called with each request once it has an outcome (metrics)
     */
    public final void start(Sim simulation, Consumer<Request> destination,
            Consumer<Request> onOutcome) {
        if (sim != null) {
            throw new IllegalStateException("workload " + name + " already started");
        }
        sim = Objects.requireNonNull(simulation, "simulation");
        target = Objects.requireNonNull(destination, "destination");
        observer = Objects.requireNonNull(onOutcome, "onOutcome");
        keyRandom = sim.random(name + "/keys");
        clientRandom = sim.random(name + "/clients");
        keyPopularity = keySkew == 0 ? null : new Zipf(keyCount, keySkew);
        clientPopularity = clientSkew == 0 ? null : new Zipf(clientCountForStart(), clientSkew);
        clients = new Client[clientCountForStart()];
        begin();
    }

    /** Stops sending new requests; those already sent still complete. */
    public void stop() {
        stopped = true;
    }

    /**
     * Returns the number of requests sent so far.
     *
     * @return requests sent
     */
    public long issued() {
        return issued;
    }

    /**
     * Returns the number of requests that have an outcome.
     *
     * @return requests completed
     */
    public long completed() {
        return completed;
    }

    /**
     * Returns the workload's name.
     *
     * @return the name, {@code "workload"} by default
     */
    public String name() {
        return name;
    }

    abstract void begin();

    void afterOutcome(Request request) {
    }

    int clientCountForStart() {
        return clientCount;
    }

    /**
     * Returns whether the workload will send more requests: it is not stopped and has not
     * reached its limit.
     *
     * @return {@code true} while it sends
     */
    public boolean canSend() {
        return !stopped && issued < limit;
    }

    Client randomClient() {
        if (hotClientShare > 0 && clients.length > 1) {
            return clientRandom.nextDouble() < hotClientShare ? client(0)
                    : client(1 + clientRandom.nextInt(clients.length - 1));
        }
        int n = clientPopularity != null ? clientPopularity.rank(clientRandom) - 1
                : clients.length == 1 ? 0 : clientRandom.nextInt(clients.length);
        return client(n);
    }

    Client client(int n) {
        Client client = clients[n];
        if (client == null) {
            client = Client.numbered(n);
            clients[n] = client;
        }
        return client;
    }

    void send(Client client) {
        int key = keyPopularity != null ? keyPopularity.rank(keyRandom)
                : 1 + keyRandom.nextInt(keyCount);
        issued++;
        Request request = new Request(issued, client, key, sim.now()).onComplete(onComplete);
        target.accept(request);
    }

    private void completed(Request request) {
        completed++;
        observer.accept(request);
        afterOutcome(request);
    }

    @Override
    public String toString() {
        return name;
    }
}
