package dev.loadbearing.instructor;

import dev.loadbearing.grading.GradeResult;
import dev.loadbearing.submission.ExerciseService;
import dev.loadbearing.submission.StoredSubmission;
import dev.loadbearing.submission.SubmissionDao;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grades an exercise's stored submissions again, after its tests changed, in the background;
 * each submission keeps its code and gets the new verdict.
 */
public final class Regrading {
    private static final Logger LOG = LoggerFactory.getLogger(Regrading.class);
    private final ExerciseService exercises;
    private final SubmissionDao submissions;
    private final ExecutorService background;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();

    public Regrading(ExerciseService exercises, SubmissionDao submissions, ExecutorService background) {
        this.exercises = exercises;
        this.submissions = submissions;
        this.background = background;
    }

    /**
     * How a re-grade goes.
     *
     * @param total   submissions to grade
     * @param done    graded so far
     * @param changed whose score changed
     * @param running whether it is still going
     */
    public record Progress(int total, int done, int changed, boolean running) {}

    /** Starts re-grading every Submit of an exercise, unless one is running already. */
    public Progress start(String exerciseId) {
        Progress current = progress.get(exerciseId);
        if (current != null && current.running()) {
            return current;
        }
        var todo = submissions.submitsOf(exerciseId);
        Progress started = new Progress(todo.size(), 0, 0, true);
        progress.put(exerciseId, started);
        background.submit(() -> {
            int done = 0;
            int changed = 0;
            try {
                for (StoredSubmission s : todo) {
                    GradeResult result = exercises.regrade(s);
                    changed += result.score() != s.score() ? 1 : 0;
                    progress.put(exerciseId, new Progress(todo.size(), ++done, changed, true));
                }
                LOG.info("re-graded {} submissions of {}: {} changed score", done, exerciseId, changed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("re-grading {} failed after {} submissions", exerciseId, done, e);
            } finally {
                progress.put(exerciseId, new Progress(todo.size(), done, changed, false));
            }
        });
        return started;
    }

    public Optional<Progress> progress(String exerciseId) {
        return Optional.ofNullable(progress.get(exerciseId));
    }
}
