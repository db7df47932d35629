package dev.loadbearing.sim.server;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Outages;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A server with a pool of workers and a queue. A request that arrives while a worker is free is
 * served at once; otherwise it waits in the queue (first come, first served), or is dropped with
 * {@link Outcome#QUEUE_FULL} when the queue is full. Each request takes a service time drawn from
 * {@link #serviceTime(Distribution)} divided by the server's {@link #speed(double) speed}. With
 * a {@link #timeout(long) timeout}, a request not answered in time fails with
 * {@link Outcome#TIMEOUT}. A crashed server loses everything it holds ({@link Outcome#CRASHED})
 * and refuses requests ({@link Outcome#SERVER_DOWN}) until it restarts.
 *
 * <pre>{@code
 * Server server = new Server(sim, "server-1")
 *         .workers(4)
 *         .queueCapacity(100)
 *         .serviceTime(Distribution.exponential(Time.ms(10)));
 * server.slowDownAt(Time.seconds(30), 5);   // five times slower from t = 30 s
 * server.crashAt(Time.seconds(60));
 * }</pre>
 *
 * <p>Refusals and drops are reported through an event at the same instant, never from inside
 * {@link #submit(Request)}, so a client that retries at once cannot recurse without bound.
 */
public final class Server {
    private final Sim sim;
    private final String name;
    private final RandomStream random;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final long[] outcomes = new long[Outcome.values().length];
    private final List<Change> history = new ArrayList<>();
    private final Outages outages;
    private final List<Fault> speedFaults = new ArrayList<>();
    private final List<Fault> membershipFaults = new ArrayList<>();
    private final Action<Request> finish = this::finish;
    private final Action<Request> reject = this::reject;
    private final Action<Request> expire = this::expire;
    private final String finishLabel;
    private final String rejectLabel;
    private final String timeoutLabel;

    private int workers = 1;
    private int queueCapacity = Integer.MAX_VALUE;
    private double speed = 1;
    private int weight = 1;
    private long timeout;
    private Distribution serviceTime = Distribution.exponential(Time.ms(10));

    private Request[] running = new Request[1];
    private int busy;
    private int waiting;
    private boolean up = true;
    private long arrived;
    private long served;
    private long busyTime;
    /** While non-negative, every request is answered with an error after this long. */
    private long failFastNanos = -1;
    /** Its view in the pool that owns it, if any, kept here so a completion finds it in O(1). */
    Backend backend;

    /**
     * Creates a server with one worker, an unbounded queue, speed 1, weight 1, no timeout and
     * exponential service times with a 10 ms mean. Its random stream is {@code server/<name>}.
     *
     * @param sim the simulation it runs in
     * @param name its name, unique within the simulation
     */
    public Server(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        this.random = sim.random("server/" + name);
        this.outages = new Outages(sim, name + " down");
        this.finishLabel = name + " finishes";
        this.rejectLabel = name + " rejects";
        this.timeoutLabel = name + " times out";
    }

    // ------------------------------------------------------------------------- configuration

    /**
     * Sets how many requests it serves at once.
     *
     * @param count the number of workers, at least one
     * @return this server
     */
    public Server workers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a server needs at least one worker");
        }
        workers = count;
        if (running.length < count) {
            running = Arrays.copyOf(running, count);
        }
        startQueued();
        return this;
    }

    /**
     * Sets how many requests may wait for a worker; more are dropped.
     *
     * @param capacity the queue length, at least zero
     * @return this server
     */
    public Server queueCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("queue capacity must not be negative");
        }
        queueCapacity = capacity;
        return this;
    }

    /**
     * Sets the speed factor: service times are divided by it, so 2 is twice as fast.
     *
     * @param factor more than zero
     * @return this server
     */
    public Server speed(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed must be positive, was " + factor);
        }
        speed = factor;
        return this;
    }

    /**
     * Sets the distribution of service times at speed 1.
     *
     * @param distribution nanoseconds per request
     * @return this server
     */
    public Server serviceTime(Distribution distribution) {
        serviceTime = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    /**
     * Sets how long a request may take from arrival to answer before it fails with
     * {@link Outcome#TIMEOUT}; a worker already serving it still finishes the work.
     *
     * @param nanos the timeout, or 0 for none
     * @return this server
     */
    public Server timeout(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        timeout = nanos;
        return this;
    }

    /**
     * Sets the weight a weighted load balancer should give this server.
     *
     * @param value at least zero
     * @return this server
     */
    public Server weight(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("weight must not be negative");
        }
        weight = value;
        return this;
    }

    /**
     * Changes the weight at a given time, as an operator re-weighting a live pool does; a
     * weighted policy sees the new value through {@link Backend#weight()} from then on.
     *
     * @param time nanoseconds since the start of the run
     * @param value the new weight, at least zero
     */
    public void weightAt(long time, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("weight must not be negative");
        }
        sim.at(time, name + " weight " + value, () -> {
            weight = value;
            history.add(new Change(sim.now(), "weight " + value));
        });
    }

    // ------------------------------------------------------------------------- faults

    /** Crashes the server now: queued and running requests fail, new ones are refused. */
    public void crash() {
        if (!outages.crash()) {
            return;
        }
        up = false;
        history.add(new Change(sim.now(), "crash"));
        List<Request> lost = new ArrayList<>(busy + waiting);
        for (int i = 0; i < running.length; i++) {
            if (running[i] != null) {
                lost.add(running[i]);
                running[i] = null;
            }
        }
        busy = 0;
        for (Request queued; (queued = queue.poll()) != null; ) {
            lost.add(queued);
        }
        waiting = 0;
        for (Request request : lost) {
            end(request, Outcome.CRASHED);
        }
    }

    /** Restarts a crashed server with an empty queue. */
    public void restart() {
        if (!outages.restart()) {
            return;
        }
        up = true;
        history.add(new Change(sim.now(), "restart"));
    }

    /**
     * From a given time, answers every request it starts with {@link Outcome#ERROR} after
     * {@code errorNanos}, as a server with a broken deploy or a dead dependency does: it stays up,
     * fast and empty, which makes it look like the least loaded server of its pool. Health probes
     * fail too.
     *
     * @param time nanoseconds since the start of the run
     * @param errorNanos how long each error takes, such as {@code Time.ms(1)}
     */
    public void failFastAt(long time, long errorNanos) {
        if (errorNanos < 0) {
            throw new IllegalArgumentException("an error cannot take negative time");
        }
        sim.at(time, name + " starts failing fast", () -> {
            failFastNanos = errorNanos;
            history.add(new Change(sim.now(), "failing fast"));
        });
    }

    /**
     * Stops failing fast at a given time: requests are served normally again.
     *
     * @param time nanoseconds since the start of the run
     */
    public void recoverAt(long time) {
        sim.at(time, name + " recovers", () -> {
            if (failFastNanos >= 0) {
                failFastNanos = -1;
                history.add(new Change(sim.now(), "recovered"));
            }
        });
    }

    /**
     * Returns whether the server is answering every request with an error.
     *
     * @return {@code true} between {@link #failFastAt(long, long)} and {@link #recoverAt(long)}
     */
    public boolean isFailingFast() {
        return failFastNanos >= 0;
    }

    /**
     * Crashes the server at a given time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void crashAt(long time) {
        sim.at(time, "crash " + name, this::crash);
    }

    /**
     * Restarts the server at a given time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void restartAt(long time) {
        sim.at(time, "restart " + name, this::restart);
    }

    /**
     * Changes the speed factor at a given time; requests already in service keep their pace.
     *
     * @param time nanoseconds since the start of the run
     * @param factor the new speed, more than zero
     */
    public void speedAt(long time, double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed must be positive, was " + factor);
        }
        sim.at(time, name + " speed " + factor, () -> {
            speed = factor;
            history.add(new Change(sim.now(), "speed " + factor));
            speedChanged("speed " + factor);
        });
    }

    /**
     * Makes the server {@code times} slower from a given time: its speed is divided by it.
     *
     * @param time nanoseconds since the start of the run
     * @param times how many times slower, more than zero
     */
    public void slowDownAt(long time, double times) {
        if (!(times > 0)) {
            throw new IllegalArgumentException("slow-down must be positive, was " + times);
        }
        sim.at(time, name + " slows down " + times + "x", () -> {
            speed = speed / times;
            history.add(new Change(sim.now(), "slow down " + times + "x"));
            speedChanged("slow down " + times + "x");
        });
    }

    private void speedChanged(String what) {
        int last = speedFaults.size() - 1;
        if (last >= 0 && speedFaults.get(last).isActive()) {
            speedFaults.set(last, speedFaults.get(last).endedAt(sim.now()));
        }
        speedFaults.add(new Fault(name + " " + what, sim.now(), -1));
    }

    /** Called by the pool that owns the server when it joins or leaves; a leave is a fault band. */
    void membershipChanged(boolean member) {
        int last = membershipFaults.size() - 1;
        if (member && last >= 0 && membershipFaults.get(last).isActive()) {
            membershipFaults.set(last, membershipFaults.get(last).endedAt(sim.now()));
            history.add(new Change(sim.now(), "joined the pool"));
        } else if (!member) {
            membershipFaults.add(new Fault(name + " left the pool", sim.now(), -1));
            history.add(new Change(sim.now(), "left the pool"));
        }
    }

    // ------------------------------------------------------------------------- requests

    /**
     * Hands a request to the server. Its outcome arrives through the request's completion
     * listener.
     *
     * @param request the request
     */
    public void submit(Request request) {
        request.server = this;
        request.arrivedAt = sim.now();
        arrived++;
        if (!up) {
            refuse(request, Outcome.SERVER_DOWN);
        } else if (busy < workers) {
            scheduleTimeout(request);
            start(request);
        } else if (waiting < queueCapacity) {
            scheduleTimeout(request);
            queue.add(request);
            waiting++;
        } else {
            refuse(request, Outcome.QUEUE_FULL);
        }
    }

    private void scheduleTimeout(Request request) {
        if (timeout > 0) {
            sim.schedule(sim.now() + timeout, timeoutLabel, expire, request);
        }
    }

    private void refuse(Request request, Outcome outcome) {
        request.pendingOutcome = outcome;
        sim.schedule(sim.now(), rejectLabel, reject, request);
    }

    private void reject(Request request) {
        end(request, request.pendingOutcome);
    }

    private void start(Request request) {
        int slot = 0;
        while (running[slot] != null) {
            slot++;
        }
        running[slot] = request;
        request.worker = slot;
        request.startedAt = sim.now();
        busy++;
        request.pendingOutcome = failFastNanos >= 0 ? Outcome.ERROR : null;
        long service = failFastNanos >= 0 ? failFastNanos : Math.round(serviceTime.sampleNanos(random) / speed);
        busyTime += service;
        sim.schedule(sim.now() + service, finishLabel, finish, request);
    }

    private void finish(Request request) {
        if (request.worker < 0 || running[request.worker] != request) {
            return; // lost in a crash
        }
        running[request.worker] = null;
        busy--;
        served++;
        startQueued();
        end(request, request.pendingOutcome == Outcome.ERROR ? Outcome.ERROR : Outcome.OK);
    }

    private void expire(Request request) {
        if (request.isDone()) {
            return;
        }
        if (request.startedAt < 0) {
            waiting--; // stays in the deque, skipped when it reaches the head
        }
        end(request, Outcome.TIMEOUT);
    }

    private void startQueued() {
        while (up && busy < workers && waiting > 0) {
            Request next = queue.poll();
            if (!next.isDone()) {
                waiting--;
                start(next);
            }
        }
    }

    private void end(Request request, Outcome outcome) {
        if (!request.isDone()) {
            outcomes[outcome.ordinal()]++;
            request.complete(sim.now(), outcome);
        }
    }

    // ------------------------------------------------------------------------- views

    /**
     * Returns the server's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of workers.
     *
     * @return workers
     */
    public int workers() {
        return workers;
    }

    /**
     * Returns the queue capacity.
     *
     * @return how many requests may wait
     */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * Returns the current speed factor.
     *
     * @return speed, 1 by default
     */
    public double speed() {
        return speed;
    }

    /**
     * Returns the weight for weighted load balancing.
     *
     * @return weight, 1 by default
     */
    public int weight() {
        return weight;
    }

    /**
     * Returns whether the server is up (not crashed).
     *
     * @return {@code true} when it accepts requests
     */
    public boolean isUp() {
        return up;
    }

    /**
     * Returns the requests it holds: in service plus queued.
     *
     * @return active requests
     */
    public int active() {
        return busy + waiting;
    }

    /**
     * Returns the number of busy workers.
     *
     * @return requests in service
     */
    public int busyWorkers() {
        return busy;
    }

    /**
     * Returns the number of requests waiting for a worker.
     *
     * @return queue length
     */
    public int queueLength() {
        return waiting;
    }

    /**
     * Returns how many requests reached the server, refused ones included.
     *
     * @return arrivals
     */
    public long arrived() {
        return arrived;
    }

    /**
     * Returns how many requests a worker finished, including ones whose client had timed out.
     *
     * @return completed services
     */
    public long served() {
        return served;
    }

    /**
     * Returns how many requests at this server ended with the given outcome.
     *
     * @param outcome an outcome
     * @return the count
     */
    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    /**
     * Returns the share of worker time spent serving since the start of the run.
     *
     * @return busy worker time / (workers x elapsed time), between 0 and about 1
     */
    public double utilization() {
        return sim.now() == 0 ? 0 : busyTime / ((double) workers * sim.now());
    }

    /**
     * Returns the worker time the server has spent or committed to serving since the start of
     * the run: each request's service time counts when it starts. The difference between two
     * readings over the window's length and worker count is the window's utilisation.
     *
     * @return nanoseconds of worker time
     */
    public long busyNanos() {
        return busyTime;
    }

    /**
     * Returns the crashes, restarts and speed changes so far, oldest first; timelines draw
     * them as fault bands.
     *
     * @return the changes
     */
    public List<Change> history() {
        return List.copyOf(history);
    }

    /**
     * Returns the server's faults for bands: each crash until its restart ({@code "server-0 down"}),
     * then each speed change until the next ({@code "server-0 slow down 5.0x"}), then each time
     * out of its pool ({@code "server-0 left the pool"}); a fault still going on ends at -1.
     *
     * @return the faults, crashes first, each kind oldest first
     */
    public List<Fault> faults() {
        List<Fault> all = new ArrayList<>(outages.faults());
        all.addAll(speedFaults);
        all.addAll(membershipFaults);
        return all;
    }

    /**
     * Returns the server's counts so far as one record.
     *
     * @return the statistics
     */
    public ServerStats stats() {
        long[] byOutcome = outcomes.clone();
        java.util.Map<Outcome, Long> counts = new java.util.EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, byOutcome[outcome.ordinal()]);
        }
        return new ServerStats(arrived, served, counts, utilization());
    }

    Sim sim() {
        return sim;
    }

    void note(String what) {
        history.add(new Change(sim.now(), what));
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * A change in a server's state.
     *
     * @param time when, in nanoseconds
     * @param what {@code "crash"}, {@code "restart"}, {@code "slow down 5.0x"},
     *     {@code "speed 0.5"}, {@code "weight 3"}, {@code "left the pool"},
     *     {@code "joined the pool"}, {@code "failing fast"}, {@code "recovered"}, and from a pool's
     *     health check {@code "marked unhealthy by its health check"}, {@code "marked healthy by
     *     its health check"} and {@code "ejected by outlier detection"}
     */
    public record Change(long time, String what) {
    }
}
