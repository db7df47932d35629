package dev.loadbearing.sim.server;

import dev.loadbearing.sim.engine.LearnerApi;

/** How a {@link Request} ended. */
@LearnerApi(allMembers = true)
public enum Outcome {
    /** A server served it. */
    OK("served"),
    /** The server's queue was full, so the request was dropped on arrival. */
    QUEUE_FULL("dropped: queue full"),
    /** No answer came within the server's timeout. */
    TIMEOUT("timed out"),
    /** The server was down when the request arrived. */
    SERVER_DOWN("refused: server down"),
    /** The server crashed while the request was queued or in service. */
    CRASHED("lost in a crash"),
    /** The load balancer found no backend to send it to. */
    NO_BACKEND("no backend available"),
    /** The server answered at once with an error (HTTP 500): a broken deploy or dependency. */
    ERROR("answered with an error");

    private final String description;

    Outcome(String description) {
        this.description = description;
    }

    /**
     * Returns the outcome in words, for reports and failure messages.
     *
     * @return a short phrase such as {@code "dropped: queue full"}
     */
    public String description() {
        return description;
    }

    /**
     * Returns whether the request failed.
     *
     * @return {@code true} for every outcome except {@link #OK}
     */
    public boolean isError() {
        return this != OK;
    }
}
