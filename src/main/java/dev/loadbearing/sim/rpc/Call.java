package dev.loadbearing.sim.rpc;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Time;
import java.util.function.Consumer;

/**
 * One call from an {@link RpcClient} to a method of an {@link RpcService}: one attempt, in gRPC's
 * words. It ends exactly once, with a {@link RpcStatus}: {@code OK} when the answer (or a stream's
 * last message) arrived, {@code DEADLINE_EXCEEDED} when its deadline passed first, the service's
 * error otherwise, or {@code CANCELLED} when the caller cancelled it. A retry is a new call.
 *
 * <p>Only the library makes calls and decides how they end, so a call that says {@code OK}
 * really was answered.
 */
@LearnerApi
public final class Call {
    private final RpcClient client;
    private final long id;
    private final String service;
    private final String method;
    private final int requestBytes;
    private final long startedAt;
    private final long deadline;
    private final boolean streaming;
    final Consumer<Call> onMessage;
    final Consumer<Call> onDone;
    long deadlineEvent = -1;
    private RpcStatus status;
    private long finishedAt = -1;
    private int messages;
    private long bytesReceived;
    Object value;

    Call(RpcClient client, long id, String service, String method, int requestBytes, long startedAt, long deadline,
            boolean streaming, Consumer<Call> onMessage, Consumer<Call> onDone) {
        this.client = client;
        this.id = id;
        this.service = service;
        this.method = method;
        this.requestBytes = requestBytes;
        this.startedAt = startedAt;
        this.deadline = deadline;
        this.streaming = streaming;
        this.onMessage = onMessage;
        this.onDone = onDone;
    }

    /**
     * Returns the call's number at its client, from 1.
     *
     * @return the id
     */
    @LearnerApi
    public long id() {
        return id;
    }

    /**
     * Returns the service called.
     *
     * @return its name on the network
     */
    @LearnerApi
    public String service() {
        return service;
    }

    /**
     * Returns the method called.
     *
     * @return such as {@code "GetPrice"}
     */
    @LearnerApi
    public String method() {
        return method;
    }

    /**
     * Returns the size of the request message.
     *
     * @return bytes
     */
    @LearnerApi
    public int requestBytes() {
        return requestBytes;
    }

    /**
     * Returns when the call was made.
     *
     * @return nanoseconds since the start of the run
     */
    @LearnerApi
    public long startedAt() {
        return startedAt;
    }

    /**
     * Returns the call's deadline: the moment the caller stops waiting.
     *
     * @return nanoseconds since the start of the run, or {@link Long#MAX_VALUE} for a call without one
     */
    @LearnerApi
    public long deadline() {
        return deadline;
    }

    /**
     * Returns whether the call has a deadline.
     *
     * @return {@code false} for a call that may wait for ever
     */
    @LearnerApi
    public boolean hasDeadline() {
        return deadline != Long.MAX_VALUE;
    }

    /**
     * Returns whether this is a server-streaming call (many response messages).
     *
     * @return {@code true} for a stream
     */
    @LearnerApi
    public boolean streaming() {
        return streaming;
    }

    /**
     * Returns whether the call has ended.
     *
     * @return {@code true} once it has a status
     */
    @LearnerApi
    public boolean isDone() {
        return status != null;
    }

    /**
     * Returns how the call ended.
     *
     * @return the status, or {@code null} while it is in flight
     */
    @LearnerApi
    public RpcStatus status() {
        return status;
    }

    /**
     * Returns whether the call ended with {@link RpcStatus#OK}.
     *
     * @return {@code true} when it was answered
     */
    @LearnerApi
    public boolean isOk() {
        return status == RpcStatus.OK;
    }

    /**
     * Returns when the call ended.
     *
     * @return nanoseconds since the start of the run, or -1 while in flight
     */
    @LearnerApi
    public long finishedAt() {
        return finishedAt;
    }

    /**
     * Returns how long the call took, from being made to ending.
     *
     * @return nanoseconds, or -1 while in flight
     */
    @LearnerApi
    public long latency() {
        return finishedAt < 0 ? -1 : finishedAt - startedAt;
    }

    /**
     * Returns the response messages received so far: 1 for an answered unary call, the stream's
     * messages for a streaming one.
     *
     * @return the count
     */
    @LearnerApi
    public int messages() {
        return messages;
    }

    /**
     * Returns the bytes of response messages received so far.
     *
     * @return bytes
     */
    @LearnerApi
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * Returns the answer of an OK call to a method that computes one (see
     * {@link RpcService#unary(String, dev.loadbearing.sim.engine.Distribution, java.util.function.Function,
     * java.util.function.ToIntFunction)}).
     *
     * @param <T> the type the method answers, such as {@code Order}
     * @return the response value, or {@code null} for a call that is not OK or a method without values
     */
    @LearnerApi
    @SuppressWarnings("unchecked")
    public <T> T value() {
        return (T) value;
    }

    /**
     * Cancels the call if it is still in flight: it ends now with {@link RpcStatus#CANCELLED}, and
     * the service is told to stop working on it (the message takes the network's time to arrive).
     * Cancelling a call that has ended does nothing.
     */
    @LearnerApi
    public void cancel() {
        client.cancel(this, RpcStatus.CANCELLED);
    }

    void received(int bytes) {
        messages++;
        bytesReceived += bytes;
    }

    void end(RpcStatus status, long now) {
        this.status = status;
        this.finishedAt = now;
    }

    @Override
    public String toString() {
        return "call #" + id + " " + service + "/" + method + " from " + client.name()
                + (status == null ? " (in flight)" : " " + status + " after " + Time.format(latency()));
    }
}
