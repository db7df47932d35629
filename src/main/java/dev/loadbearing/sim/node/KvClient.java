package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.net.Message;
import dev.loadbearing.sim.net.Network;
import dev.loadbearing.sim.server.Request;
import dev.loadbearing.sim.check.OperationHistory;
import dev.loadbearing.sim.check.Keyed;
import java.util.Objects;

/**
 * A client of a key-value store built from {@link Node}s, which records what it sees in a
 * {@link OperationHistory} with virtual times, ready for the linearizability checker
 * ({@code Models.keyValue()}). It sends one {@link Request} at a time to a node of its choice and
 * records the operation as
 * <ul>
 *   <li>{@code ok} when a {@link Reply} with {@code ok} arrives,</li>
 *   <li>{@code fail} when the reply says it certainly failed (nothing was changed),</li>
 *   <li>{@code info} when no reply came within the timeout: it may or may not have happened.</li>
 * </ul>
 * A reply that comes after the timeout is ignored.
 *
 * <pre>{@code
 * OperationHistory.Builder history = OperationHistory.builder(sim::now);
 * KvClient alice = new KvClient(cluster, "alice", history).timeout(Time.ms(500));
 * alice.put("n1", "x", "1", () -> alice.get("n2", "x", null));
 * sim.runFor(Time.seconds(2));
 * Linearizability.check(history.build(), Models.keyValue());
 * }</pre>
 *
 * <p>The store's nodes receive {@code Request}s in {@code onMessage} and answer the sender with
 * {@link Request#ok(String)} or {@link Request#fail()}:
 * <pre>{@code
 * if (message instanceof KvClient.Request request) {
 *     send(from, request.ok(data.getOrDefault(request.key(), "")));
 * }
 * }</pre>
 */
public final class KvClient {
    /**
     * A client's request to a store node.
     *
     * @param id the client's number for the request, echoed in the reply
     * @param op {@code "get"}, {@code "put"} or {@code "append"}
     * @param key the key
     * @param value the value to put or append; {@code null} for a get
     */
    @LearnerApi(allMembers = true)
    public record Request(long id, String op, String key, String value) {
        /**
         * Builds a successful reply.
         *
         * @param value the value read, for a get; ignored otherwise
         * @return the reply to send back
         */
        public Reply ok(String value) {
            return new Reply(id, true, value);
        }

        /**
         * Builds a reply saying the request certainly had no effect (a rejected write).
         *
         * @return the reply to send back
         */
        public Reply fail() {
            return new Reply(id, false, null);
        }

        @Override
        public String toString() {
            return op + " " + key + (value == null ? "" : "=" + value) + " (#" + id + ")";
        }
    }

    /**
     * A store node's answer to a {@link Request}.
     *
     * @param id the request's id
     * @param ok whether it took effect
     * @param value the value read, for a get (a missing key reads {@code ""})
     */
    @LearnerApi(allMembers = true)
    public record Reply(long id, boolean ok, String value) {
        @Override
        public String toString() {
            // A missing key reads "": shown quoted, so a trace line says what was read.
            return (ok ? "ok" + (value == null ? "" : value.isEmpty() ? " \"\"" : " " + value) : "fail") + " (#" + id + ")";
        }
    }

    private final Sim sim;
    private final Network network;
    private final String id;
    private final OperationHistory.Builder history;
    private long timeout = Time.seconds(1);
    private long nextRequest = 1;
    private Request current;
    private Runnable then;
    private long timer;

    /**
     * Creates a client and puts it on the cluster's network; it is not one of the cluster's
     * nodes, so nodes do not see it among their peers.
     *
     * @param cluster the store's cluster
     * @param id the client's id, used as its network address and its history process
     * @param history where to record operations; share one builder between clients, made with
     *     {@code OperationHistory.builder(sim::now)}
     */
    public KvClient(Cluster cluster, String id, OperationHistory.Builder history) {
        this.network = cluster.network();
        this.sim = cluster.sim();
        this.id = Objects.requireNonNull(id, "id");
        this.history = Objects.requireNonNull(history, "history");
        network.register(id, this::receive);
    }

    /**
     * Sets how long to wait for a reply before recording the outcome as unknown.
     *
     * @param nanos more than zero; the default is 1 s
     * @return this client
     */
    public KvClient timeout(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        timeout = nanos;
        return this;
    }

    /**
     * Reads a key.
     *
     * @param node the store node to ask
     * @param key the key
     * @param then runs once the operation is recorded (ok, fail or unknown); may be {@code null}
     */
    public void get(String node, String key, Runnable then) {
        start(node, "get", key, null, then);
    }

    /**
     * Writes a key.
     *
     * @param node the store node to ask
     * @param key the key
     * @param value the value
     * @param then runs once the operation is recorded (ok, fail or unknown); may be {@code null}
     */
    public void put(String node, String key, String value, Runnable then) {
        start(node, "put", key, Objects.requireNonNull(value, "value"), then);
    }

    /**
     * Appends to a key's value.
     *
     * @param node the store node to ask
     * @param key the key
     * @param value what to append
     * @param then runs once the operation is recorded (ok, fail or unknown); may be {@code null}
     */
    public void append(String node, String key, String value, Runnable then) {
        start(node, "append", key, Objects.requireNonNull(value, "value"), then);
    }

    /**
     * Returns whether an operation is waiting for its reply.
     *
     * @return {@code true} between a call and its outcome
     */
    public boolean busy() {
        return current != null;
    }

    /**
     * Returns the client's id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    private void start(String node, String op, String key, String value, Runnable next) {
        Objects.requireNonNull(key, "key");
        if (current != null) {
            throw new IllegalStateException(id + " is still waiting for " + current
                    + "; a client makes one call at a time");
        }
        current = new Request(nextRequest++, op, key, value);
        then = next;
        history.invoke(id, op, Keyed.of(key, value));
        timer = sim.after(timeout, id + " times out", this::timedOut);
        network.send(id, node, current);
    }

    private void receive(Message message) {
        if (!(message.body() instanceof Reply reply) || current == null
                || reply.id() != current.id()) {
            return;
        }
        sim.cancel(timer);
        if (!reply.ok()) {
            history.fail(id);
        } else if (current.op().equals("get")) {
            history.ok(id, Keyed.of(current.key(), reply.value() == null ? "" : reply.value()));
        } else {
            history.ok(id);
        }
        done();
    }

    private void timedOut() {
        history.info(id);
        done();
    }

    private void done() {
        current = null;
        Runnable next = then;
        then = null;
        if (next != null) {
            next.run();
        }
    }

    @Override
    public String toString() {
        return "KvClient[" + id + (current == null ? "" : ", waiting for " + current) + "]";
    }
}
