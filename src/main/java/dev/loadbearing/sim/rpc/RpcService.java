package dev.loadbearing.sim.rpc;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Fault;
import dev.loadbearing.sim.engine.Outages;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.net.Message;
import dev.loadbearing.sim.net.Network;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The serving side of RPCs: a node on a {@link Network} with methods, a pool of workers and a
 * queue. A call that reaches it is served at once if a worker is free, waits in a first-come,
 * first-served queue otherwise, and is refused with {@link RpcStatus#RESOURCE_EXHAUSTED} when the
 * queue is full. A unary method takes a work time and answers with one message; a
 * server-streaming method sends its messages one by one, each after its own work time, and then
 * the OK trailer. A method added with {@link #unaryAsync} hands each call to a handler as a
 * {@link ServerCall}, which may call other services (through {@link #client()}, with the caller's
 * deadline carried on) and answers later, holding its worker until then: the middle of a chain.
 *
 * <p>Deadlines and cancellation: the caller's deadline travels with the request. A call whose
 * deadline has passed when a worker would take it is dropped without work; a call in service
 * whose deadline passes, or whose caller cancels it, is stopped and its worker freed. Work done
 * for a call that was then stopped is counted as wasted.
 *
 * <p>Faults: {@link #crash()} answers everything it holds, and every call until
 * {@link #restart()}, with {@link RpcStatus#UNAVAILABLE} (the connection is refused or reset: a
 * fast failure); {@link #stallAt(long, long)} freezes the service (a lock, a pause) while calls
 * pile up; {@link #stalls(double, Distribution)} makes single calls hang; {@link #errorRate(double)}
 * fails calls with {@link RpcStatus#INTERNAL}. A service that is cut off by a network partition
 * answers nothing at all: its callers see only their deadlines.
 *
 * <pre>{@code
 * RpcService prices = new RpcService(sim, net, "prices").workers(8).queueCapacity(200);
 * prices.unary("GetPrice", Distribution.exponential(Time.ms(10)), 300);
 * prices.serverStreaming("ListPrices", Distribution.constant(Time.ms(1)), 50, 120);
 * prices.stallAt(Time.seconds(10), Time.seconds(2));
 * prices.crashAt(Time.seconds(20));
 * prices.restartAt(Time.seconds(30));
 * }</pre>
 *
 * <p>Its random stream is {@code rpc/<name>}.
 */
public final class RpcService {
    private record Method(String name, Distribution work, int messages, int bytesPerMessage, boolean streaming,
            Function<Object, Object> handler, ToIntFunction<Object> sizer, Consumer<ServerCall> async) {
    }

    private static final class Work {
        final Frame.Invoke invoke;
        final String caller;
        final Method method;
        final int epoch;
        long startedAt = -1;
        long stepAt;
        long stepEvent = -1;
        long remaining = -1;
        long deadlineEvent = -1;
        int sent;
        ServerCall serverCall;

        Work(Frame.Invoke invoke, String caller, Method method, int epoch) {
            this.invoke = invoke;
            this.caller = caller;
            this.method = method;
            this.epoch = epoch;
        }

        @Override
        public String toString() {
            return invoke.toString();
        }
    }

    private final Sim sim;
    private final Network network;
    private final String name;
    private final RandomStream random;
    private final Outages outages;
    private final Map<String, Method> methods = new HashMap<>();
    private final ArrayDeque<Work> queue = new ArrayDeque<>();
    private final Map<String, Work> held = new LinkedHashMap<>();
    private final List<Fault> stallFaults = new ArrayList<>();
    private final Action<Work> step = this::step;
    private final Action<Work> deadline = this::deadlinePassed;
    private final String stepLabel;
    private final String deadlineLabel;

    private RpcClient client;
    private int workers = 1;
    private int queueCapacity = Integer.MAX_VALUE;
    private double stallChance;
    private Distribution stallTime = Distribution.constant(0);
    private double errorRate;
    private int busy;
    private int stalled;
    private long received;
    private long served;
    private long failed;
    private long rejected;
    private long refused;
    private long reset;
    private long expired;
    private long cancelled;
    private long busyNanos;
    private long wastedNanos;

    /**
     * Creates a service with one worker, an unbounded queue and no methods, and registers it on
     * the network under its name.
     *
     * @param sim the simulation
     * @param network the network its calls arrive by
     * @param name its node name, unique within the network
     */
    public RpcService(Sim sim, Network network, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.network = Objects.requireNonNull(network, "network");
        this.name = Objects.requireNonNull(name, "name");
        this.random = sim.random("rpc/" + name);
        this.outages = new Outages(sim, name + " down");
        this.stepLabel = name + " works on";
        this.deadlineLabel = name + " deadline of";
        network.register(name, this::receive);
    }

    // ------------------------------------------------------------------------- configuration

    /**
     * Sets how many calls it works on at once (a streaming call holds its worker to the end).
     *
     * @param count at least one
     * @return this service
     */
    public RpcService workers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a service needs at least one worker");
        }
        workers = count;
        startQueued();
        return this;
    }

    /**
     * Sets how many calls may wait for a worker; more are refused with RESOURCE_EXHAUSTED.
     *
     * @param capacity at least zero
     * @return this service
     */
    public RpcService queueCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("queue capacity must not be negative");
        }
        queueCapacity = capacity;
        return this;
    }

    /**
     * Adds a unary method: each call takes a work time, then one response message goes back.
     *
     * @param method its name
     * @param work nanoseconds of work per call
     * @param responseBytes the response message's size
     * @return this service
     */
    public RpcService unary(String method, Distribution work, int responseBytes) {
        methods.put(Objects.requireNonNull(method, "method"),
                new Method(method, Objects.requireNonNull(work, "work"), 1, bytes(responseBytes), false, null, null, null));
        return this;
    }

    /**
     * Adds a unary method that computes an answer: the handler turns the call's request (what the
     * caller passed, or {@code null}) into the response value the caller gets from
     * {@link Call#value()}, and {@code responseBytes} says how large that response is on the wire.
     * The handler runs when the work is done; a call that is stopped before never reaches it.
     *
     * <pre>{@code
     * items.unary("BatchGetItems", Distribution.constant(Time.ms(5)),
     *         (List<Integer> ids) -> ids.stream().map(catalog::get).toList(),
     *         found -> 40 + 200 * found.size());
     * }</pre>
     *
     * @param method its name
     * @param work nanoseconds of work per call
     * @param handler from request to response value
     * @param responseBytes the response's size on the wire, from the value
     * @param <Q> the request type
     * @param <R> the response type
     * @return this service
     */
    @SuppressWarnings("unchecked")
    public <Q, R> RpcService unary(String method, Distribution work, Function<Q, R> handler, ToIntFunction<R> responseBytes) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(responseBytes, "responseBytes");
        methods.put(Objects.requireNonNull(method, "method"), new Method(method, Objects.requireNonNull(work, "work"), 1, 0, false,
                request -> handler.apply((Q) request), value -> responseBytes.applyAsInt((R) value), null));
        return this;
    }

    /**
     * Adds a server-streaming method: each call sends {@code messages} response messages, each
     * after its own work time, then closes the stream with an OK trailer.
     *
     * @param method its name
     * @param workPerMessage nanoseconds of work before each message
     * @param messages how many messages a call streams, at least one
     * @param bytesPerMessage each message's size
     * @return this service
     */
    public RpcService serverStreaming(String method, Distribution workPerMessage, int messages, int bytesPerMessage) {
        if (messages < 1) {
            throw new IllegalArgumentException("a stream sends at least one message");
        }
        methods.put(Objects.requireNonNull(method, "method"),
                new Method(method, Objects.requireNonNull(workPerMessage, "workPerMessage"), messages, bytes(bytesPerMessage), true, null, null, null));
        return this;
    }

    /**
     * Adds a unary method whose handler answers later, typically after calling other services:
     * the middle of a chain A → B → C. After the work time the handler gets the call as a
     * {@link ServerCall}; the call keeps its worker until the handler calls
     * {@link ServerCall#reply(Object, int)} or {@link ServerCall#fail(RpcStatus)}, or until the
     * call is stopped (its deadline passes, the caller cancels, the service crashes), which also
     * cancels the downstream calls it is waiting for. Downstream calls go through this service's
     * own {@link #client()} and carry the caller's deadline on (deadline propagation). A call
     * chosen to fail by {@link #errorRate(double)} fails with INTERNAL before the handler runs.
     *
     * <pre>{@code
     * b.unaryAsync("GetProfile", Distribution.constant(Time.ms(2)), in ->
     *     in.call("c", "GetRecommendations", null, 100, Time.ms(60), call -> {
     *         if (call.isOk()) in.reply(call.value(), 800); else in.fail(RpcStatus.UNAVAILABLE);
     *     }));
     * }</pre>
     *
     * @param method its name
     * @param work nanoseconds of the service's own work before the handler runs
     * @param handler what serves the call; it must eventually reply or fail
     * @return this service
     */
    public RpcService unaryAsync(String method, Distribution work, Consumer<ServerCall> handler) {
        Objects.requireNonNull(handler, "handler");
        methods.put(Objects.requireNonNull(method, "method"),
                new Method(method, Objects.requireNonNull(work, "work"), 1, 0, false, null, null, handler));
        return this;
    }

    /**
     * Returns the client this service calls other services with (from handlers of
     * {@link #unaryAsync(String, Distribution, Consumer)}): it shares the service's node name, so
     * answers come back to the service. Tests watch its calls with {@link RpcClient#onStart} and
     * {@link RpcClient#onEnd}.
     *
     * @return the service's client, made on first use
     */
    public RpcClient client() {
        if (client == null) {
            client = new RpcClient(sim, network, name, false);
        }
        return client;
    }

    /**
     * Makes single calls hang: with this probability a call's work takes an extra time, as when a
     * request waits on a lock, a slow disk or a lost packet further down.
     *
     * @param probability between 0 and 1
     * @param extra the extra nanoseconds of a call that hangs
     * @return this service
     */
    public RpcService stalls(double probability, Distribution extra) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + probability);
        }
        stallChance = probability;
        stallTime = Objects.requireNonNull(extra, "extra");
        return this;
    }

    /**
     * Makes a share of calls fail with INTERNAL after their work.
     *
     * @param probability between 0 and 1
     * @return this service
     */
    public RpcService errorRate(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + probability);
        }
        errorRate = probability;
        return this;
    }

    // ------------------------------------------------------------------------- faults

    /** Crashes now: every call it holds is answered UNAVAILABLE, as is every call until it restarts. */
    public void crash() {
        if (!outages.crash()) {
            return;
        }
        for (Work work : List.copyOf(held.values())) {
            reset++;
            if (work.startedAt >= 0) {
                long done = sim.now() - work.startedAt;
                busyNanos += done;
                wastedNanos += done;
            }
            drop(work);
            reply(work, RpcStatus.UNAVAILABLE);
        }
        queue.clear();
        busy = 0;
    }

    /** Restarts now, empty, and takes calls again. */
    public void restart() {
        outages.restart();
    }

    /**
     * Crashes at a time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void crashAt(long time) {
        sim.at(time, "crash " + name, this::crash);
    }

    /**
     * Restarts at a time.
     *
     * @param time nanoseconds since the start of the run
     */
    public void restartAt(long time) {
        sim.at(time, "restart " + name, this::restart);
    }

    /**
     * Freezes the service for a while, from a time: work in service makes no progress and no
     * queued call starts, while calls keep arriving (and queueing). Deadlines and cancellations
     * still stop calls during the stall. Stalls may overlap.
     *
     * @param time when it starts, nanoseconds since the start of the run
     * @param duration how long it lasts, in nanoseconds
     */
    public void stallAt(long time, long duration) {
        if (duration <= 0) {
            throw new IllegalArgumentException("a stall must last a while, was " + duration);
        }
        sim.at(time, name + " stalls", () -> {
            if (stalled++ == 0) {
                for (Work work : held.values()) {
                    if (work.stepEvent >= 0) {
                        sim.cancel(work.stepEvent);
                        work.stepEvent = -1;
                        work.remaining = work.stepAt - sim.now();
                    }
                }
            }
            stallFaults.add(new Fault(name + " stalled", sim.now(), sim.now() + duration));
        });
        sim.at(time + duration, name + " resumes", () -> {
            if (--stalled == 0) {
                for (Work work : List.copyOf(held.values())) {
                    if (work.remaining >= 0) {
                        schedule(work, work.remaining);
                        work.remaining = -1;
                    }
                }
                startQueued();
            }
        });
    }

    // ------------------------------------------------------------------------- reading

    /**
     * Returns the service's node name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns whether it is up.
     *
     * @return {@code false} between a crash and the restart
     */
    public boolean isUp() {
        return outages.isUp();
    }

    /**
     * Returns whether it is stalled now.
     *
     * @return {@code true} during a stall
     */
    public boolean isStalled() {
        return stalled > 0;
    }

    /**
     * Returns the calls it holds: in service plus queued.
     *
     * @return the count
     */
    public int active() {
        return held.size();
    }

    /**
     * Returns the workers busy now: calls in service, including calls of {@link #unaryAsync}
     * methods that hold their worker while they wait for a downstream answer. A figure of busy
     * workers against {@link #workers(int)} shows a pool running out.
     *
     * @return between 0 and the number of workers
     */
    public int busy() {
        return busy;
    }

    /**
     * Returns the calls waiting for a worker.
     *
     * @return the queue's length
     */
    public int queueLength() {
        return queue.size();
    }

    /**
     * Returns its crashes and stalls, oldest first, for bands ({@code "prices down"},
     * {@code "prices stalled"}).
     *
     * @return the faults
     */
    public List<Fault> faults() {
        List<Fault> faults = new ArrayList<>(outages.faults());
        faults.addAll(stallFaults);
        faults.sort((a, b) -> Long.compare(a.start(), b.start()));
        return faults;
    }

    /**
     * Returns its counts so far.
     *
     * @return a snapshot
     */
    public RpcServiceStats stats() {
        return new RpcServiceStats(received, served, failed, rejected, refused, reset, expired, cancelled, busyNanos,
                wastedNanos);
    }

    // ------------------------------------------------------------------------- model

    private void receive(Message message) {
        if (message.body() instanceof Frame.Invoke invoke) {
            arrive(invoke, message.from());
        } else if (message.body() instanceof Frame.Cancel cancel) {
            Work work = held.get(cancel.key());
            if (work != null) {
                stop(work);
            }
        } else if (message.body() instanceof Frame.Reply && client != null) {
            client.receive(message);
        }
    }

    private void arrive(Frame.Invoke invoke, String caller) {
        if (held.containsKey(invoke.key())) {
            return;                                     // a duplicate of a call in hand
        }
        received++;
        Method method = methods.get(invoke.method());
        Work work = new Work(invoke, caller, method, outages.epoch());
        if (!outages.isUp()) {
            refused++;
            reply(work, RpcStatus.UNAVAILABLE);
        } else if (method == null) {
            reply(work, RpcStatus.UNIMPLEMENTED);
        } else if (invoke.deadline() <= sim.now()) {
            expired++;
        } else if (busy < workers && stalled == 0) {
            held.put(invoke.key(), work);
            begin(work);
        } else if (queue.size() < queueCapacity) {
            held.put(invoke.key(), work);
            queue.add(work);
        } else {
            rejected++;
            reply(work, RpcStatus.RESOURCE_EXHAUSTED);
        }
    }

    private void begin(Work work) {
        busy++;
        work.startedAt = sim.now();
        if (work.invoke.deadline() != Long.MAX_VALUE) {
            work.deadlineEvent = sim.schedule(work.invoke.deadline(), deadlineLabel, deadline, work);
        }
        long first = work.method.work().sampleNanos(random);
        if (stallChance > 0 && random.chance(stallChance)) {
            first += stallTime.sampleNanos(random);
        }
        schedule(work, first);
    }

    private void schedule(Work work, long delay) {
        work.stepAt = sim.now() + delay;
        work.stepEvent = sim.schedule(work.stepAt, stepLabel, step, work);
    }

    private void step(Work work) {
        work.stepEvent = -1;
        Method method = work.method;
        if (method.async() != null) {
            if (errorRate > 0 && random.chance(errorRate)) {
                finish(work, false);
                failed++;
                reply(work, RpcStatus.INTERNAL);
                return;
            }
            long deadline = work.invoke.deadline();
            work.serverCall = new ServerCall(sim, client(), method.name(), work.caller, deadline, work.invoke.request(),
                    (call, status, value, bytes) -> answered(work, status, value, bytes));
            sim.during(work, "was handled");
            method.async().accept(work.serverCall);
            return;
        }
        if (!method.streaming()) {
            boolean error = errorRate > 0 && random.chance(errorRate);
            Object value = null;
            int bytes = method.bytesPerMessage();
            if (!error && method.handler() != null) {
                sim.during(work, "was handled");
                value = method.handler().apply(work.invoke.request());
                bytes = method.sizer().applyAsInt(value);
                if (bytes < 0) {
                    throw new IllegalArgumentException(method.name() + "'s response cannot have " + bytes + " bytes");
                }
            }
            finish(work, false);
            if (error) {
                failed++;
                reply(work, RpcStatus.INTERNAL);
            } else {
                served++;
                network.send(name, work.caller, new Frame.Reply(work.invoke.callId(), RpcStatus.OK, value), bytes);
            }
            return;
        }
        network.send(name, work.caller, new Frame.Reply(work.invoke.callId(), null, null), method.bytesPerMessage());
        if (++work.sent < method.messages()) {
            schedule(work, method.work().sampleNanos(random));
        } else {
            finish(work, false);
            served++;
            reply(work, RpcStatus.OK);
        }
    }

    /** An async handler answered: free the worker and send the answer. */
    private void answered(Work work, RpcStatus status, Object value, int bytes) {
        if (held.get(work.invoke.key()) != work) {
            return;                                     // stopped or reset meanwhile
        }
        finish(work, false);
        if (status == RpcStatus.OK) {
            served++;
            network.send(name, work.caller, new Frame.Reply(work.invoke.callId(), RpcStatus.OK, value), bytes);
        } else {
            failed++;
            reply(work, status);
        }
    }

    private void deadlinePassed(Work work) {
        work.deadlineEvent = -1;
        if (held.get(work.invoke.key()) == work) {
            stop(work);
        }
    }

    /** Stops a call it holds, queued or in service: its caller gave up. */
    private void stop(Work work) {
        cancelled++;
        if (work.startedAt < 0) {
            queue.remove(work);
            held.remove(work.invoke.key());
            return;
        }
        finish(work, true);
    }

    private void finish(Work work, boolean wasted) {
        long done = sim.now() - work.startedAt;
        busyNanos += done;
        if (wasted) {
            wastedNanos += done;
        }
        drop(work);
        busy--;
        startQueued();
    }

    private void drop(Work work) {
        held.remove(work.invoke.key());
        if (work.serverCall != null) {
            work.serverCall.stop();
        }
        if (work.stepEvent >= 0) {
            sim.cancel(work.stepEvent);
            work.stepEvent = -1;
        }
        if (work.deadlineEvent >= 0) {
            sim.cancel(work.deadlineEvent);
            work.deadlineEvent = -1;
        }
        work.remaining = -1;
    }

    private void startQueued() {
        while (busy < workers && stalled == 0 && !queue.isEmpty()) {
            Work next = queue.poll();
            if (next.invoke.deadline() <= sim.now()) {
                expired++;
                held.remove(next.invoke.key());
                continue;
            }
            begin(next);
        }
    }

    private void reply(Work work, RpcStatus status) {
        network.send(name, work.caller, new Frame.Reply(work.invoke.callId(), status, null), Frame.TRAILER_BYTES);
    }

    private static int bytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a message cannot have " + bytes + " bytes");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "RpcService[" + name + ", " + held.size() + " held]";
    }
}
