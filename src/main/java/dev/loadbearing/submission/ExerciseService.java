package dev.loadbearing.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.course.MarkdownRenderer;
import dev.loadbearing.grading.GradeOutcome;
import dev.loadbearing.grading.GradeResult;
import dev.loadbearing.grading.GradingService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a learner does with an exercise, without HTTP: read it, grade an edit (Run or Submit,
 * stored with its verdict), take hints, and see the reference solution once its policy allows.
 */
public final class ExerciseService {
    /**
     * Runs kept per learner and exercise: a Run is a scratch check, so only the newest are kept
     * and older ones are deleted as new ones are stored.
     */
    public static final int RUNS_KEPT = 100;
    /**
     * Submits stored per learner and exercise. Every Submit is kept (it is the gradebook), so this
     * bounds what one person can make the server store: with edits capped at 64 KiB a file and
     * results at 256 KiB, a learner fills at most about 100 MB per exercise.
     */
    public static final int SUBMITS_KEPT = 300;
    private final ExerciseCatalog exercises;
    private final Supplier<GradingService> grading;
    private final SubmissionDao submissions;
    private final MarkdownRenderer renderer;
    private final ObjectMapper json = new ObjectMapper();
    private final GradingQueue queue;
    private final java.util.function.ObjLongConsumer<String> onGraded;
    private final long maxWaitMs;
    /** How long a Submit waits for a queued verdict unless the operator says otherwise. */
    public static final long DEFAULT_WAIT_MS = 50_000;

    /**
     * @param queue the grading queue shared with the other nodes that stored submissions go through,
     *              or null to grade each one here, in the request
     * @param onGraded told each queued grading's status and how long its learner waited (metrics)
     * @param maxWaitMs the longest a request waits for a queued verdict before it is answered
     *                  {@link GradeOutcome.Queued} (under a proxy's read timeout: nginx's is 60 s)
     */
    public ExerciseService(ExerciseCatalog exercises, Supplier<GradingService> grading, SubmissionDao submissions,
                           MarkdownRenderer renderer, GradingQueue queue, java.util.function.ObjLongConsumer<String> onGraded,
                           long maxWaitMs) {
        if (maxWaitMs < 1) {
            throw new IllegalArgumentException("the grading wait must be positive");
        }
        this.maxWaitMs = maxWaitMs;
        this.onGraded = onGraded;
        this.exercises = exercises;
        this.grading = grading;
        this.submissions = submissions;
        this.renderer = renderer;
        this.queue = queue;
    }

    /** A file the editor opens. */
    public record File(String name, String content, boolean editable) {}

    /** When the solution shows, and whether it does now for this learner. */
    public record Solution(String policy, int attempts, boolean available) {}

    /** An exercise as its card needs it: never the solution nor the tests. */
    public record Details(String id, String title, String lesson, String difficulty, String summary, String version,
                          List<File> files, int hints, Solution solution) {}

    /**
     * What became of an edit sent for grading.
     *
     * @param id      the stored attempt's id when it was graded and kept, else -1
     * @param outcome the verdict, or why it was turned away
     */
    public record Attempt(long id, GradeOutcome outcome) {}

    /** A hint, rendered. */
    public record Hint(int number, int of, String title, String html) {}

    public Optional<Exercise> exercise(String id) {
        return exercises.exercise(id);
    }

    public Optional<Details> details(String id, String learner) {
        return exercises.exercise(id).map(e -> new Details(e.id(), e.title(), e.lesson(), e.difficulty(), e.summary(), e.version(),
                e.editable().stream().map(name -> new File(name, e.starter().get(name), true)).toList(),
                e.hints().size(), solution(e, learner)));
    }

    /**
     * Grades an edit. It is admitted first (rate limits, queue), and only an admitted edit is
     * stored: first the edit, then its verdict, so a crash in between leaves a pending submission
     * that the grading queue finishes (on another node, or after a restart). With a queue, the
     * stored edit is a job that any node's grader may take, and this waits for its verdict.
     *
     * @param learner who it is (a guest's browser or an account); null grades without storing
     */
    public Attempt grade(Exercise exercise, Map<String, String> files, Exercise.Mode mode, String learner, String address)
            throws InterruptedException {
        if (learner != null && mode == Exercise.Mode.SUBMIT && submissions.submits(learner, exercise.id()) >= SUBMITS_KEPT) {
            return new Attempt(-1, new GradeOutcome.LimitReached("You have submitted " + exercise.title() + " "
                    + SUBMITS_KEPT + " times, the most one learner can store. Your submissions and your best score are kept; "
                    + "Run still grades your code against the visible tests."));
        }
        GradingService service = grading.get();
        try (GradingService.Admission admission = service.admit(new GradingService.Submission(exercise.id(), files, mode, learner, address))) {
            if (admission.refusal() != null) {
                return new Attempt(-1, admission.refusal()); // turned away before anything was stored
            }
            if (queue != null && learner != null) {
                return queued(exercise, files, mode, learner, admission);
            }
            long id = learner == null ? -1 : submissions.start(learner, exercise.id(), mode.name(), write(files), exercise.version());
            GradeOutcome outcome;
            try {
                outcome = service.grade(admission);
            } catch (RuntimeException | InterruptedException e) {
                if (id >= 0) {
                    submissions.discard(id); // nothing was graded; the learner sees the error and sends again
                }
                throw e;
            }
            if (id >= 0 && outcome instanceof GradeOutcome.Graded graded) {
                record(id, exercise, graded.result());
                if (mode == Exercise.Mode.RUN) {
                    submissions.keepNewest(learner, exercise.id(), mode.name(), RUNS_KEPT);
                }
                return new Attempt(id, outcome);
            }
            return new Attempt(-1, outcome);
        }
    }

    private Attempt queued(Exercise exercise, Map<String, String> files, Exercise.Mode mode, String learner,
                           GradingService.Admission admission) throws InterruptedException {
        GradeResult cached = admission.cached();
        if (cached != null) {
            // Held by this node for a moment, so no grader takes it between the two writes.
            long id = submissions.start(learner, exercise.id(), mode.name(), write(files), exercise.version(),
                    queue.settings().node(), System.currentTimeMillis() + queue.settings().leaseMs());
            record(id, exercise, cached);
            if (mode == Exercise.Mode.RUN) {
                submissions.keepNewest(learner, exercise.id(), mode.name(), RUNS_KEPT);
            }
            return new Attempt(id, new GradeOutcome.Graded(cached));
        }
        long stored = System.nanoTime();
        long id = submissions.start(learner, exercise.id(), mode.name(), write(files), exercise.version());
        // Long enough for a wait in the queue and two gradings (one by a node that died), but never
        // past the operator's bound: a proxy cuts a request it waited on too long, and an answer that
        // says "still grading" lets the browser follow the stored attempt instead.
        Duration patience = Duration.ofMillis(Math.min(maxWaitMs,
                grading.get().settings().queueWaitMs() + 2 * exercise.limits().totalMillis() + 10_000));
        return queue.await(id, patience)
                .map(result -> {
                    onGraded.accept(result.status().name(), (System.nanoTime() - stored) / 1_000_000);
                    return new Attempt(id, new GradeOutcome.Graded(result));
                })
                .orElseGet(() -> new Attempt(id, new GradeOutcome.Queued(id)));
    }

    /** Grades a stored submission again with the exercise's current tests, and stores the new verdict. */
    public GradeResult regrade(StoredSubmission stored) throws InterruptedException {
        Optional<Exercise> exercise = exercises.exercise(stored.exerciseId());
        if (exercise.isEmpty()) {
            GradeResult gone = new GradeResult(GradeResult.Status.error, 0, stored.maxScore(),
                    "This exercise no longer exists, so the submission could not be graded.", List.of(), List.of(), List.of(), 0, false);
            submissions.record(stored.id(), gone.status().name(), 0, stored.maxScore(), write(gone), stored.exerciseVersion());
            return gone;
        }
        Map<String, String> files = read(stored.files());
        GradeResult result = grading.get().gradeFiles(exercise.get(), files, Exercise.Mode.valueOf(stored.mode()));
        record(stored.id(), exercise.get(), result);
        return result;
    }

    private void record(long id, Exercise exercise, GradeResult result) {
        submissions.record(id, result.status().name(), result.score(), result.maxScore(), write(result), exercise.version());
    }

    private Map<String, String> read(String files) {
        try {
            return json.readValue(files, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored submission's files are not readable", e);
        }
    }

    public Optional<Hint> hint(Exercise exercise, int number) {
        if (number < 1 || number > exercise.hints().size()) {
            return Optional.empty();
        }
        Exercise.Hint hint = exercise.hints().get(number - 1);
        return Optional.of(new Hint(number, exercise.hints().size(), hint.title(), renderer.render(hint.markdown()).html()));
    }

    /** The policy as it stands for this learner. */
    public Solution solution(Exercise exercise, String learner) {
        Exercise.SolutionPolicy policy = exercise.solution();
        boolean available = learner != null && switch (policy.show()) {
            case "after_passing" -> submissions.passed(learner, exercise.id());
            case "after_attempts" -> submissions.passed(learner, exercise.id())
                    || submissions.submits(learner, exercise.id()) >= policy.attempts();
            default -> false;
        };
        return new Solution(policy.show(), policy.attempts(), available);
    }

    /** The reference solution's editable files, only when the policy allows it for this learner. */
    public Optional<List<File>> referenceSolution(Exercise exercise, String learner) {
        if (!solution(exercise, learner).available()) {
            return Optional.empty();
        }
        return Optional.of(exercise.editable().stream().map(name -> new File(name, exercise.reference().get(name), false)).toList());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }
}
