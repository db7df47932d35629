package dev.loadbearing.sim.broker;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * The broker's answer to {@link Topic#publish(String, Object, java.util.function.Consumer)}.
 *
 * @param status what the producer can know about its message
 * @param partition the partition it was written to, or -1 when not known
 * @param offset its offset there, or -1 when not known
 */
@LearnerApi(allMembers = true)
public record PublishAck(Status status, int partition, long offset) {

    /** What a producer learns from a publish. */
    @LearnerApi(allMembers = true)
    public enum Status {
        /** Written: every group will get it. */
        OK("written"),
        /** Refused: the broker was down; nothing was written. */
        DOWN("refused: broker down"),
        /**
         * The broker crashed before it answered: the message may have been written or not. A
         * producer that publishes it again may make a duplicate; one that does not may lose it.
         */
        UNKNOWN("no answer: the broker crashed");

        private final String description;

        Status(String description) {
            this.description = description;
        }

        /**
         * Returns the status in words.
         *
         * @return such as {@code "refused: broker down"}
         */
        public String description() {
            return description;
        }
    }

    /**
     * Returns whether the message was written.
     *
     * @return {@code true} for {@link Status#OK}
     */
    public boolean isOk() {
        return status == Status.OK;
    }
}
