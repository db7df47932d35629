package dev.loadbearing.sim.rpc;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * How a call ended, with gRPC's status codes (the numbers are gRPC's). A timeout and an error are
 * different things: {@link #DEADLINE_EXCEEDED} says the caller stopped waiting and does not know
 * whether the work was done; {@link #UNAVAILABLE} says the service could not be reached and did
 * nothing, so trying again is safe.
 */
@LearnerApi(allMembers = true)
public enum RpcStatus {
    /** The service answered. */
    OK(0, "ok"),
    /** The caller cancelled the call before it finished. */
    CANCELLED(1, "cancelled"),
    /** The deadline passed before the answer arrived; the service may or may not have done the work. */
    DEADLINE_EXCEEDED(4, "deadline exceeded"),
    /** The service refused the call because it is overloaded (its queue was full). */
    RESOURCE_EXHAUSTED(8, "resource exhausted"),
    /** The service has no such method. */
    UNIMPLEMENTED(12, "unimplemented"),
    /** The service failed while handling the call. */
    INTERNAL(13, "internal error"),
    /** The service is down or unreachable (connection refused or reset); it did not do the work. */
    UNAVAILABLE(14, "unavailable");

    private final int code;
    private final String description;

    RpcStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /**
     * Returns gRPC's number for this status, as sent in the {@code grpc-status} trailer.
     *
     * @return the code, 0 for OK
     */
    public int code() {
        return code;
    }

    /**
     * Returns the status in words, for messages and charts.
     *
     * @return such as {@code "deadline exceeded"}
     */
    public String description() {
        return description;
    }
}
