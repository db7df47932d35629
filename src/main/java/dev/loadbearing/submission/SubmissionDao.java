package dev.loadbearing.submission;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Runs and submissions, as stored. */
@RegisterConstructorMapper(StoredSubmission.class)
public interface SubmissionDao {
    String COLUMNS = "id, learner, exercise_id, mode, files, status, score, max_score, result, created_at, graded_at, exercise_version";

    /** Stores a submission before it is graded. */
    @SqlUpdate("""
            INSERT INTO submission (learner, exercise_id, mode, files, status, score, max_score, result, created_at, exercise_version)
            VALUES (:learner, :exerciseId, :mode, :files, 'pending', 0, 0, '{}', CURRENT_TIMESTAMP, :version)
            """)
    @GetGeneratedKeys("id")
    long start(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId, @Bind("mode") String mode,
               @Bind("files") String files, @Bind("version") String version);

    /** Writes (or, after a re-grade, rewrites) a submission's verdict. */
    @SqlUpdate("""
            UPDATE submission SET status = :status, score = :score, max_score = :maxScore, result = :result,
                   exercise_version = :version, graded_at = CURRENT_TIMESTAMP
            WHERE id = :id
            """)
    void record(@Bind("id") long id, @Bind("status") String status, @Bind("score") int score, @Bind("maxScore") int maxScore,
                @Bind("result") String result, @Bind("version") String version);

    /** Forgets a submission that was turned away before grading (busy, rate-limited, invalid). */
    @SqlUpdate("DELETE FROM submission WHERE id = :id AND status = 'pending'")
    void discard(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM submission WHERE id = :id")
    Optional<StoredSubmission> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM submission WHERE status = 'pending' ORDER BY id")
    List<StoredSubmission> pending();

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
