package dev.loadbearing.submission;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Runs and submissions, as stored. */
@RegisterConstructorMapper(StoredSubmission.class)
public interface SubmissionDao {
    String COLUMNS = "id, learner, exercise_id, mode, files, status, score, max_score, result, created_at, graded_at, exercise_version";

    /** Stores a submission before it is graded: a job any node's grader may take. */
    default long start(String learner, String exerciseId, String mode, String files, String version) {
        return start(learner, exerciseId, mode, files, version, null, null);
    }

    /**
     * Stores a submission before it is graded, held by {@code node} until {@code leaseUntil} (epoch
     * ms) so no other node takes it, or free for any node when both are null.
     */
    @SqlUpdate("""
            INSERT INTO submission (learner, exercise_id, mode, files, status, score, max_score, result, created_at, exercise_version,
                                    lease_owner, lease_until)
            VALUES (:learner, :exerciseId, :mode, :files, 'pending', 0, 0, '{}', CURRENT_TIMESTAMP, :version, :node, :until)
            """)
    @GetGeneratedKeys("id")
    long start(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId, @Bind("mode") String mode,
               @Bind("files") String files, @Bind("version") String version, @Bind("node") String node,
               @Bind("until") Long leaseUntil);

    /** The oldest pending submission that nobody holds or whose lease ran out, locked (others skip it). */
    @SqlQuery("""
            SELECT id FROM submission
            WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < :now)
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")
    Optional<Long> nextFree(@Bind("now") long now);

    @SqlUpdate("UPDATE submission SET lease_owner = :node, lease_until = :until, grading_attempts = grading_attempts + 1 WHERE id = :id")
    void lease(@Bind("id") long id, @Bind("node") String node, @Bind("until") long until);

    @SqlQuery("SELECT grading_attempts FROM submission WHERE id = :id")
    int gradingAttempts(@Bind("id") long id);

    /**
     * Takes the next grading job for {@code node}: the oldest pending submission that is free (never
     * taken, released, or held by a node whose lease ran out), leased until {@code until}. Nodes
     * taking jobs at once each get a different one ({@code SKIP LOCKED}).
     *
     * @return the job's id, or empty when there is none
     */
    @Transaction
    default Optional<Long> claim(String node, long now, long until) {
        Optional<Long> id = nextFree(now);
        id.ifPresent(job -> lease(job, node, until));
        return id;
    }

    /** Extends the leases of every job {@code node} holds. */
    @SqlUpdate("UPDATE submission SET lease_until = :until WHERE lease_owner = :node AND status = 'pending'")
    int renew(@Bind("node") String node, @Bind("until") long until);

    /** Gives up {@code node}'s jobs so any node takes them now (a graceful stop, or a restart of the node). */
    @SqlUpdate("UPDATE submission SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = :node AND status = 'pending'")
    int release(@Bind("node") String node);

    /** Gives up one job whose grading failed, so it is taken again (counted in its grading attempts). */
    @SqlUpdate("UPDATE submission SET lease_owner = NULL, lease_until = NULL WHERE id = :id AND lease_owner = :node AND status = 'pending'")
    int releaseJob(@Bind("id") long id, @Bind("node") String node);

    /** Gives up every lease: the embedded database has one node, so at its start no lease is alive. */
    @SqlUpdate("UPDATE submission SET lease_owner = NULL, lease_until = NULL WHERE status = 'pending' AND lease_owner IS NOT NULL")
    int releaseAll();

    /**
     * Writes a job's verdict if {@code node} still holds it; returns 0 when it does not (its lease ran
     * out and another node took the job, or the job was finished).
     */
    @SqlUpdate("""
            UPDATE submission SET status = :status, score = :score, max_score = :maxScore, result = :result,
                   exercise_version = :version, graded_at = CURRENT_TIMESTAMP, lease_owner = NULL, lease_until = NULL,
                   graded_by = :node
            WHERE id = :id AND status = 'pending' AND lease_owner = :node
            """)
    int recordHeld(@Bind("id") long id, @Bind("node") String node, @Bind("status") String status, @Bind("score") int score,
                   @Bind("maxScore") int maxScore, @Bind("result") String result, @Bind("version") String version);

    @SqlQuery("SELECT status FROM submission WHERE id = :id")
    Optional<String> status(@Bind("id") long id);

    /** Writes (or, after a re-grade, rewrites) a submission's verdict. */
    @SqlUpdate("""
            UPDATE submission SET status = :status, score = :score, max_score = :maxScore, result = :result,
                   exercise_version = :version, graded_at = CURRENT_TIMESTAMP, lease_owner = NULL, lease_until = NULL
            WHERE id = :id
            """)
    void record(@Bind("id") long id, @Bind("status") String status, @Bind("score") int score, @Bind("maxScore") int maxScore,
                @Bind("result") String result, @Bind("version") String version);

    /** Forgets a submission that was turned away before grading (busy, rate-limited, invalid). */
    @SqlUpdate("DELETE FROM submission WHERE id = :id AND status = 'pending'")
    void discard(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM submission WHERE id = :id")
    Optional<StoredSubmission> find(@Bind("id") long id);

    /** How many submissions wait for a verdict (health and shutdown report it). */
    @SqlQuery("SELECT COUNT(*) FROM submission WHERE status = 'pending'")
    int pendingCount();

    /** A learner's attempts at an exercise, newest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM submission WHERE learner = :learner AND exercise_id = :exerciseId ORDER BY id DESC")
    List<StoredSubmission> attempts(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId);

    /** One page of a learner's attempts at an exercise, newest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM submission WHERE learner = :learner AND exercise_id = :exerciseId"
            + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<StoredSubmission> attemptsPage(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId,
                                        @Bind("limit") int limit, @Bind("offset") long offset);

    @SqlQuery("SELECT COUNT(*) FROM submission WHERE learner = :learner AND exercise_id = :exerciseId")
    long countAttempts(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId);

    /** Every submission of an exercise, oldest first (for statistics and re-grading). */
    @SqlQuery("SELECT " + COLUMNS + " FROM submission WHERE exercise_id = :exerciseId AND mode = 'SUBMIT' ORDER BY id")
    List<StoredSubmission> submitsOf(@Bind("exerciseId") String exerciseId);

    /** Every Submit, oldest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM submission WHERE mode = 'SUBMIT' ORDER BY id")
    List<StoredSubmission> allSubmits();

    /** Deletes a learner's graded attempts of one mode and exercise older than their newest {@code keep}. */
    @SqlUpdate("""
            DELETE FROM submission WHERE learner = :learner AND exercise_id = :exerciseId AND mode = :mode
              AND status <> 'pending'
              AND id <= (SELECT id FROM submission WHERE learner = :learner AND exercise_id = :exerciseId AND mode = :mode
                         ORDER BY id DESC LIMIT 1 OFFSET :keep)""")
    int keepNewest(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId, @Bind("mode") String mode,
                   @Bind("keep") int keep);

    @SqlQuery("SELECT COUNT(*) FROM submission WHERE learner = :learner AND exercise_id = :exerciseId AND mode = 'SUBMIT'")
    int submits(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId);

    @SqlQuery("""
            SELECT COUNT(*) > 0 FROM submission
            WHERE learner = :learner AND exercise_id = :exerciseId AND mode = 'SUBMIT' AND status = 'passed'
            """)
    boolean passed(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId);
}
