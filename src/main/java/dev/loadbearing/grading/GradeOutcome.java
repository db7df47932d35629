package dev.loadbearing.grading;

import java.time.Duration;

/**
 * What asking for a grading gives: a result, or why there is none now. The HTTP layer maps
 * {@link Busy} and {@link RateLimited} to 429 with a {@code Retry-After} header,
 * {@link Invalid} to 400 and {@link LimitReached} to 409.
 */
public sealed interface GradeOutcome {
    /** The submission was graded (or the same one was graded before). */
    record Graded(GradeResult result) implements GradeOutcome {}

    /** The grading queue is full; try again after the given time. */
    record Busy(Duration retryAfter) implements GradeOutcome {}

    /** This user or address asked too often; try again after the given time. */
    record RateLimited(Duration retryAfter) implements GradeOutcome {}

    /** The learner has stored as many submissions of this exercise as one learner may; waiting does not help. */
    record LimitReached(String message) implements GradeOutcome {}

    /**
     * The submission is stored and queued, but its verdict was not written in the time a request
     * waits: it is graded later and appears in the learner's history.
     */
    record Queued(long id) implements GradeOutcome {}

    /** The request itself is wrong: an unknown exercise, a file that is not editable. */
    record Invalid(String message) implements GradeOutcome {}
}
