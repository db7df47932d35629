package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
/**
 * The answer to a call on a simulated {@link Cache}, {@link Datastore} or {@link WideColumnStore}: a status and, when the
 * call succeeded, a value. Calls take virtual time, so the reply arrives through a callback.
 *
 * <pre>{@code
 * cache.get("user:7", reply -> {
 *     if (reply.isOk() && reply.value() != null) { ... a hit ... }
 * });
 * }</pre>
 *
 * @param status how the call ended
 * @param value what it returned (the value read, the row written); on a
 *     {@link Status#CONFLICT} the row as it now is; otherwise {@code null} on failure
 * @param <T> the type of value
 */
@LearnerApi(allMembers = true)
public record Reply<T>(Status status, T value) {

    /** How a call ended. */
    @LearnerApi(allMembers = true)
    public enum Status {
        /** It succeeded. */
        OK("ok"),
        /** The service was down when the call arrived; nothing happened. */
        DOWN("refused: down"),
        /** The service crashed while the call was in flight; nothing happened. */
        CRASHED("lost in a crash"),
        /** A compare-and-set found another version; nothing was written. */
        CONFLICT("version conflict"),
        /** A lock was not granted within the lock timeout; the transaction was rolled back. */
        LOCK_TIMEOUT("lock wait timed out"),
        /** Waiting for the lock would have closed a cycle of waits; the transaction was rolled back. */
        DEADLOCK("deadlock: rolled back"),
        /** The transaction had already ended (committed, rolled back or lost). */
        ABORTED("transaction not active"),
        /**
         * A partition of a {@link WideColumnStore} already took its write limit in this second;
         * nothing was written.
         */
        THROTTLED("throttled: partition over its write limit");

        private final String description;

        Status(String description) {
            this.description = description;
        }

        /**
         * Returns the status in words, for reports and failure messages.
         *
         * @return a short phrase such as {@code "refused: down"}
         */
        public String description() {
            return description;
        }
    }

    /**
     * A successful reply.
     *
     * @param value what the call returned
     * @param <T> the type of value
     * @return the reply
     */
    public static <T> Reply<T> ok(T value) {
        return new Reply<>(Status.OK, value);
    }

    /**
     * A failed reply.
     *
     * @param status why it failed; not {@link Status#OK}
     * @param <T> the type of value
     * @return the reply, without a value
     */
    public static <T> Reply<T> failed(Status status) {
        if (status == Status.OK) {
            throw new IllegalArgumentException("a failed reply needs a failure status");
        }
        return new Reply<>(status, null);
    }

    /**
     * Returns whether the call succeeded.
     *
     * @return {@code true} for {@link Status#OK}
     */
    public boolean isOk() {
        return status == Status.OK;
    }

    @Override
    public String toString() {
        return isOk() ? "ok " + value : status.description();
    }
}
