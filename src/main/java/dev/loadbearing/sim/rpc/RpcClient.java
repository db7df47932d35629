package dev.loadbearing.sim.rpc;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.net.Message;
import dev.loadbearing.sim.net.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The calling side of RPCs: a node on a {@link Network} that calls methods of
 * {@link RpcService}s, the way a gRPC channel and its stubs do. Each call travels as messages:
 * the request ({@code requestBytes}) to the service, the response (or a stream's messages) back,
 * each taking its link's latency plus its size over the link's bandwidth. A call with a deadline
 * that passes ends with {@link RpcStatus#DEADLINE_EXCEEDED} and the client tells the service to
 * stop (cancellation); the service also knows the deadline, which travels with the request.
 *
 * <pre>{@code
 * RpcClient web = new RpcClient(sim, net, "web");
 * web.call("prices", "GetPrice", 200, Time.ms(100), call -> {
 *     if (call.isOk()) { ... } else if (call.status() == RpcStatus.UNAVAILABLE) { ... }
 * });
 * web.after(Time.ms(50), () -> ...);   // a timer on the client, for a backoff
 * }</pre>
 *
 * <p>Callbacks run in events, never inside {@code call}: even a refusal arrives over the network.
 */
@LearnerApi
public final class RpcClient {
    private final Sim sim;
    private final Network network;
    private final String name;
    private final Map<Long, Call> inFlight = new HashMap<>();
    private final long[] ended = new long[RpcStatus.values().length];
    private final List<Consumer<Call>> startListeners = new ArrayList<>();
    private final List<Consumer<Call>> endListeners = new ArrayList<>();
    private final String deadlineLabel;
    private final String timerLabel;
    private long nextId = 1;
    private long late;

    /**
     * Creates a client and registers it on the network under its name.
     *
     * @param sim the simulation
     * @param network the network its calls cross
     * @param name its node name
     */
    public RpcClient(Sim sim, Network network, String name) {
        this(sim, network, name, true);
    }

    /** A client; one that does not register shares its node with a service, which hands it the replies. */
    RpcClient(Sim sim, Network network, String name, boolean register) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.network = Objects.requireNonNull(network, "network");
        this.name = Objects.requireNonNull(name, "name");
        this.deadlineLabel = name + " deadline";
        this.timerLabel = name + " timer";
        if (register) {
            network.register(name, this::receive);
        }
    }

    /**
     * Returns the client's node name.
     *
     * @return the name
     */
    @LearnerApi
    public String name() {
        return name;
    }

    /**
     * Returns the current simulated time.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    public long now() {
        return sim.now();
    }

    /**
     * Makes a unary call: one request, one response.
     *
     * @param service the service's node name
     * @param method the method, such as {@code "GetPrice"}
     * @param requestBytes the request message's size
     * @param timeout how long to wait from now, in nanoseconds; 0 for no deadline (gRPC's default,
     *     and a call that may then wait for ever)
     * @param onDone called once when the call ends, whatever its status
     * @return the call, in flight
     */
    @LearnerApi
    public Call call(String service, String method, int requestBytes, long timeout, Consumer<Call> onDone) {
        return start(service, method, null, requestBytes, timeout, false, null, onDone);
    }

    /**
     * Makes a unary call that carries a request value, for methods that compute their answer
     * from it; the answer is the call's {@link Call#value()}.
     *
     * @param service the service's node name
     * @param method the method, such as {@code "GetOrder"}
     * @param request what the method is asked (an id, a list of ids)
     * @param requestBytes the request message's size on the wire
     * @param timeout how long to wait from now, in nanoseconds; 0 for no deadline
     * @param onDone called once when the call ends, whatever its status
     * @return the call, in flight
     */
    @LearnerApi
    public Call call(String service, String method, Object request, int requestBytes, long timeout, Consumer<Call> onDone) {
        return start(service, method, request, requestBytes, timeout, false, null, onDone);
    }

    /**
     * Makes a server-streaming call: one request, then a stream of response messages ended by a
     * status. The deadline covers the whole stream.
     *
     * @param service the service's node name
     * @param method the method
     * @param requestBytes the request message's size
     * @param timeout how long the whole stream may take from now, in nanoseconds; 0 for no deadline
     * @param onMessage called with the call after each response message arrives ({@link Call#messages()} counts them)
     * @param onDone called once when the stream ends
     * @return the call, in flight
     */
    @LearnerApi
    public Call stream(String service, String method, int requestBytes, long timeout, Consumer<Call> onMessage,
            Consumer<Call> onDone) {
        return start(service, method, null, requestBytes, timeout, true, Objects.requireNonNull(onMessage, "onMessage"), onDone);
    }

    /**
     * Runs an action on this client after a delay: a timer, for backoff between attempts.
     *
     * @param delay nanoseconds from now, at least zero
     * @param action what to run
     * @return the timer's id, for {@link #cancelTimer(long)}
     */
    @LearnerApi
    public long after(long delay, Runnable action) {
        if (delay < 0) {
            throw new IllegalArgumentException("a timer's delay must not be negative, was " + delay);
        }
        return sim.after(delay, timerLabel, Objects.requireNonNull(action, "action"));
    }

    /**
     * Cancels a timer that has not fired yet; cancelling one that has fired does nothing.
     *
     * @param timer the id {@link #after(long, Runnable)} returned
     */
    @LearnerApi
    public void cancelTimer(long timer) {
        sim.cancel(timer);
    }

    /**
     * Returns the calls in flight.
     *
     * @return how many have been made and not ended
     */
    @LearnerApi
    public int inFlight() {
        return inFlight.size();
    }

    // ------------------------------------------------------------------------- author API

    /**
     * Calls a listener with every call this client makes, as it is made (tests count attempts).
     *
     * @param listener called with the new call
     */
    public void onStart(Consumer<Call> listener) {
        startListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Calls a listener with every call that ends, before the call's own callback.
     *
     * @param listener called with the ended call
     */
    public void onEnd(Consumer<Call> listener) {
        endListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Returns how many calls have been made.
     *
     * @return calls, every attempt counted
     */
    public long calls() {
        return nextId - 1;
    }

    /**
     * Returns how many calls ended with a status.
     *
     * @param status the status
     * @return the count
     */
    public long count(RpcStatus status) {
        return ended[status.ordinal()];
    }

    /**
     * Returns how many response messages arrived for calls that had already ended (answers the
     * client no longer waited for: work the service did for nothing).
     *
     * @return the count
     */
    public long late() {
        return late;
    }

    // ------------------------------------------------------------------------- model

    private Call start(String service, String method, Object request, int requestBytes, long timeout, boolean streaming,
            Consumer<Call> onMessage, Consumer<Call> onDone) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(onDone, "onDone");
        if (timeout < 0) {
            throw new IllegalArgumentException("a call's timeout must not be negative (0 means no deadline), was " + timeout);
        }
        if (requestBytes < 0) {
            throw new IllegalArgumentException("a request cannot have " + requestBytes + " bytes");
        }
        long deadline = timeout == 0 ? Long.MAX_VALUE : sim.now() + timeout;
        Call call = new Call(this, nextId++, service, method, requestBytes, sim.now(), deadline, streaming, onMessage, onDone);
        inFlight.put(call.id(), call);
        if (call.hasDeadline()) {
            call.deadlineEvent = sim.schedule(deadline, deadlineLabel, c -> cancel(c, RpcStatus.DEADLINE_EXCEEDED), call);
        }
        for (Consumer<Call> listener : startListeners) {
            listener.accept(call);
        }
        network.send(name, service, new Frame.Invoke(name, call.id(), method, deadline, request), requestBytes);
        return call;
    }

    void cancel(Call call, RpcStatus status) {
        if (call.isDone()) {
            return;
        }
        network.send(name, call.service(), new Frame.Cancel(name, call.id()), Frame.CANCEL_BYTES);
        end(call, status);
    }

    void receive(Message message) {
        if (!(message.body() instanceof Frame.Reply reply)) {
            return;
        }
        Call call = inFlight.get(reply.callId());
        if (call == null) {
            late++;
            return;
        }
        if (reply.status() == null) {
            call.received(message.bytes());
            sim.during(call, "received a message");
            call.onMessage.accept(call);
            return;
        }
        if (reply.status() == RpcStatus.OK && !call.streaming()) {
            call.received(message.bytes());
            call.value = reply.value();
        }
        end(call, reply.status());
    }

    private void end(Call call, RpcStatus status) {
        inFlight.remove(call.id());
        if (call.deadlineEvent >= 0) {
            sim.cancel(call.deadlineEvent);
        }
        call.end(status, sim.now());
        ended[status.ordinal()]++;
        for (Consumer<Call> listener : endListeners) {
            listener.accept(call);
        }
        sim.during(call, "ended");
        call.onDone.accept(call);
    }

    @Override
    public String toString() {
        return "RpcClient[" + name + ", " + inFlight.size() + " in flight]";
    }
}
