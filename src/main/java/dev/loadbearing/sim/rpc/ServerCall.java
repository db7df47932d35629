package dev.loadbearing.sim.rpc;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A call that a service is serving with a handler that answers later, usually after calling
 * other services itself (see {@link RpcService#unaryAsync(String, dev.loadbearing.sim.engine.Distribution,
 * Consumer)}): service B's side of a chain A → B → C. The call holds one of B's workers from the
 * moment its work starts until the handler answers with {@link #reply(Object, int)} or
 * {@link #fail(RpcStatus)}, or until it is stopped: a worker waiting for C is a worker B cannot
 * give to anyone else.
 *
 * <p>Deadline propagation: a downstream call made with {@link #call} never outlives this call.
 * Its timeout is cut to the time this call has left (a timeout of 0 means "all the time left"),
 * as gRPC does when a server passes its context on. Cancellation propagation: when this call is
 * stopped (its deadline passed, its caller cancelled it, or the service crashed), every
 * downstream call still in flight is cancelled: its callback runs with {@link RpcStatus#CANCELLED}
 * (not the downstream service's fault), {@link #reply} and {@link #fail} then do nothing, and the
 * call's timers no longer fire. Check {@link #isDone()} before calling again from a callback.
 *
 * <pre>{@code
 * b.unaryAsync("GetProfile", Distribution.constant(Time.ms(2)), in ->
 *     in.call("c", "GetRecommendations", in.request(), 100, Time.ms(60), call -> {
 *         if (call.isOk()) in.reply(call.value(), 800); else in.fail(RpcStatus.UNAVAILABLE);
 *     }));
 * }</pre>
 */
@LearnerApi
public final class ServerCall {
    private final Sim sim;
    private final RpcClient client;
    private final String method;
    private final String caller;
    private final long deadline;
    private final Object request;
    private final Answer answer;
    private final List<Call> downstream = new ArrayList<>();
    private boolean done;
    private boolean stopped;

    /** How the service is told the handler answered. */
    interface Answer {
        void answer(ServerCall call, RpcStatus status, Object value, int bytes);
    }

    ServerCall(Sim sim, RpcClient client, String method, String caller, long deadline, Object request, Answer answer) {
        this.sim = sim;
        this.client = client;
        this.method = method;
        this.caller = caller;
        this.deadline = deadline;
        this.request = request;
        this.answer = answer;
    }

    /**
     * Returns what the caller asked (the request value it passed, or {@code null}).
     *
     * @param <T> the request's type
     * @return the request value
     */
    @LearnerApi
    @SuppressWarnings("unchecked")
    public <T> T request() {
        return (T) request;
    }

    /**
     * Returns the method being served.
     *
     * @return such as {@code "GetProfile"}
     */
    @LearnerApi
    public String method() {
        return method;
    }

    /**
     * Returns the node that made the call.
     *
     * @return the caller's name on the network
     */
    @LearnerApi
    public String caller() {
        return caller;
    }

    /**
     * Returns the caller's deadline, which travelled with the request.
     *
     * @return nanoseconds since the start of the run, or {@link Long#MAX_VALUE} when the caller set none
     */
    @LearnerApi
    public long deadline() {
        return deadline;
    }

    /**
     * Returns how long the caller will still wait.
     *
     * @return nanoseconds until the deadline (0 once it passed), or {@link Long#MAX_VALUE} without one
     */
    @LearnerApi
    public long timeLeft() {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - sim.now());
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
     * Returns whether this call has ended: answered, failed or stopped.
     *
     * @return {@code true} once nothing more can be sent for it
     */
    @LearnerApi
    public boolean isDone() {
        return done;
    }

    /**
     * Returns whether this call was stopped before the handler answered (deadline, cancellation
     * or crash).
     *
     * @return {@code true} when stopped
     */
    @LearnerApi
    public boolean isStopped() {
        return stopped;
    }

    /**
     * Calls another service on this call's behalf, through the serving service's own client. The
     * timeout is cut to the time this call has left; when this call is stopped first, the
     * downstream call is cancelled and its callback runs with {@link RpcStatus#CANCELLED}.
     *
     * @param service the service's node name
     * @param method the method
     * @param request the request value (or {@code null})
     * @param requestBytes the request message's size on the wire
     * @param timeout how long to wait at most, in nanoseconds; 0 for all the time this call has left
     * @param onDone called once when the downstream call ends
     * @return the downstream call, in flight
     * @throws IllegalStateException if this call has already ended
     */
    @LearnerApi
    public Call call(String service, String method, Object request, int requestBytes, long timeout, Consumer<Call> onDone) {
        Objects.requireNonNull(onDone, "onDone");
        if (done) {
            throw new IllegalStateException("this call to " + this.method + " has ended; there is nobody to call "
                    + service + " for");
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("a call's timeout must not be negative (0 means all the time left), was "
                    + timeout);
        }
        long cut = timeout;
        if (deadline != Long.MAX_VALUE) {
            long left = Math.max(1, deadline - sim.now());
            cut = timeout == 0 ? left : Math.min(timeout, left);
        }
        Call call = client.call(service, method, request, requestBytes, cut, c -> {
            downstream.remove(c);
            onDone.accept(c);
        });
        downstream.add(call);
        return call;
    }

    /**
     * Runs an action after a delay (a backoff before another downstream attempt), unless this call
     * has ended by then.
     *
     * @param delay nanoseconds from now, at least zero
     * @param action what to run
     */
    @LearnerApi
    public void after(long delay, Runnable action) {
        Objects.requireNonNull(action, "action");
        client.after(delay, () -> {
            if (!done) {
                action.run();
            }
        });
    }

    /**
     * Answers the caller with OK and a value; frees the worker. Does nothing if the call has
     * already ended.
     *
     * @param value the response value the caller gets from {@link Call#value()}
     * @param responseBytes the response's size on the wire
     */
    @LearnerApi
    public void reply(Object value, int responseBytes) {
        if (responseBytes < 0) {
            throw new IllegalArgumentException("a response cannot have " + responseBytes + " bytes");
        }
        if (!done) {
            done = true;
            answer.answer(this, RpcStatus.OK, value, responseBytes);
        }
    }

    /**
     * Answers the caller with an error status (UNAVAILABLE when a dependency is down, for
     * example); frees the worker. Does nothing if the call has already ended.
     *
     * @param status any status but OK
     */
    @LearnerApi
    public void fail(RpcStatus status) {
        if (Objects.requireNonNull(status, "status") == RpcStatus.OK) {
            throw new IllegalArgumentException("fail needs an error status; answer OK with reply(value, bytes)");
        }
        if (!done) {
            done = true;
            answer.answer(this, status, null, Frame.TRAILER_BYTES);
        }
    }

    /** The call's worker is freed (answered, or stopped by the service): cancel what it still waits for. */
    void stop() {
        if (!done) {
            done = true;
            stopped = true;
        }
        for (Call call : List.copyOf(downstream)) {
            call.cancel();
        }
        downstream.clear();
    }

    /**
     * Returns the downstream calls still in flight.
     *
     * @return how many
     */
    @LearnerApi
    public int inFlight() {
        return downstream.size();
    }

    @Override
    public String toString() {
        return method + " from " + caller + (done ? " (ended)" : "");
    }
}
