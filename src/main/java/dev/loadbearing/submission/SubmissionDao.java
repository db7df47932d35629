package dev.loadbearing.submission;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Runs and submissions, as stored. */
public interface SubmissionDao {
    @SqlUpdate("""
            INSERT INTO submission (learner, exercise_id, mode, files, status, score, max_score, result, created_at)
            VALUES (:learner, :exerciseId, :mode, :files, :status, :score, :maxScore, :result, CURRENT_TIMESTAMP)
            """)
    void insert(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId, @Bind("mode") String mode,
                @Bind("files") String files, @Bind("status") String status, @Bind("score") int score,
                @Bind("maxScore") int maxScore, @Bind("result") String result);

    @SqlQuery("SELECT COUNT(*) FROM submission WHERE learner = :learner AND exercise_id = :exerciseId AND mode = 'SUBMIT'")
    int submits(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId);

    @SqlQuery("""
            SELECT COUNT(*) > 0 FROM submission
            WHERE learner = :learner AND exercise_id = :exerciseId AND mode = 'SUBMIT' AND status = 'passed'
            """)
    boolean passed(@Bind("learner") String learner, @Bind("exerciseId") String exerciseId);
}
