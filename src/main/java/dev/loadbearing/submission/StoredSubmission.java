package dev.loadbearing.submission;

import java.time.Instant;

/**
 * A Run or Submit as stored: the code as sent and, once graded, its verdict.
 *
 * @param id              in order of arrival
 * @param learner         {@code user-N} for an account, {@code guest-…} for a browser without one
 * @param exerciseId      the exercise
 * @param mode            {@code RUN} or {@code SUBMIT}
 * @param files           the learner's files as a JSON object, name to source
 * @param status          {@code pending} until graded, then the result's status
 * @param score           points earned
 * @param maxScore        points available
 * @param result          the whole grading result as JSON ({@code {}} while pending)
 * @param createdAt       when it arrived
 * @param gradedAt        when its result was written, null while pending
 * @param exerciseVersion the exercise version that graded it
 */
public record StoredSubmission(long id, String learner, String exerciseId, String mode, String files, String status,
                               int score, int maxScore, String result, Instant createdAt, Instant gradedAt,
                               String exerciseVersion) {
    public static final String PENDING = "pending";

    public boolean submit() {
        return "SUBMIT".equals(mode);
    }

    public boolean passed() {
        return "passed".equals(status);
    }
}
