package dev.loadbearing.instructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.submission.StoredSubmission;
import dev.loadbearing.submission.SubmissionDao;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * What an instructor sees of the class, computed from the stored submissions: per exercise who
 * tried, who passed, the median number of submissions and the test that fails most; per learner
 * their best score on every exercise; and the same as a gradebook CSV.
 */
public final class ClassReport {
    private final ExerciseCatalog exercises;
    private final SubmissionDao submissions;
    private final Function<String, Learner> directory;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param directory who a learner key is ({@code user-N} or {@code guest-…}): a name and an email, if known
     */
    public ClassReport(ExerciseCatalog exercises, SubmissionDao submissions, Function<String, Learner> directory) {
        this.exercises = exercises;
        this.submissions = submissions;
        this.directory = directory;
    }

    /** A learner as the instructor sees them. {@code email} is null for a guest. */
    public record Learner(String key, String name, String email) {
        public boolean guest() {
            return email == null;
        }

        /** A guest without an account, named by the start of its random id. */
        public static Learner guest(String key) {
            return new Learner(key, "Guest " + key.substring(Math.max(0, key.length() - 6)), null);
        }
    }

    /**
     * One exercise across the class.
     *
     * @param tried              learners with at least one Submit
     * @param passed             learners with a passing Submit
     * @param medianAttempts     Submits until the first pass (or all of them, for those who have not passed), median over learners
     * @param commonFailure      the test that failed in the most Submits, or null
     * @param commonFailureCount in how many Submits it failed
     */
    public record ExerciseRow(Exercise exercise, int tried, int passed, double medianAttempts, String commonFailure, int commonFailureCount) {}

    /** A best Submit score, or none. */
    public record Best(int score, int maxScore, long submissionId) {}

    /** One learner across the course: the best Submit per exercise id. */
    public record LearnerRow(Learner learner, Map<String, Best> best, int passed) {}

    /** The whole report. */
    public record Report(List<ExerciseRow> exercises, List<LearnerRow> learners, int submissions) {}

    public Report report() {
        List<StoredSubmission> all = submissions.allSubmits();
        var byExercise = new HashMap<String, List<StoredSubmission>>();
        var byLearner = new TreeMap<String, Map<String, Best>>();
        for (StoredSubmission s : all) {
            if (s.status().equals(StoredSubmission.PENDING)) {
                continue;
            }
            byExercise.computeIfAbsent(s.exerciseId(), k -> new ArrayList<>()).add(s);
            byLearner.computeIfAbsent(s.learner(), k -> new TreeMap<>())
                    .merge(s.exerciseId(), new Best(s.score(), s.maxScore(), s.id()),
                            (a, b) -> b.score() > a.score() ? b : a);
        }
        var rows = new ArrayList<ExerciseRow>();
        for (Exercise exercise : exercises.exercises()) {
            rows.add(exerciseRow(exercise, byExercise.getOrDefault(exercise.id(), List.of())));
        }
        var learners = new ArrayList<LearnerRow>();
        byLearner.forEach((key, best) -> learners.add(new LearnerRow(directory.apply(key), best,
                (int) best.values().stream().filter(b -> b.maxScore() > 0 && b.score() == b.maxScore()).count())));
        learners.sort(Comparator.comparing((LearnerRow r) -> r.learner().guest()).thenComparing(r -> r.learner().name().toLowerCase()));
        return new Report(rows, learners, all.size());
    }

    private ExerciseRow exerciseRow(Exercise exercise, List<StoredSubmission> submits) {
        var perLearner = new LinkedHashMap<String, List<StoredSubmission>>();
        submits.forEach(s -> perLearner.computeIfAbsent(s.learner(), k -> new ArrayList<>()).add(s));
        var attempts = new ArrayList<Integer>();
        int passed = 0;
        for (List<StoredSubmission> mine : perLearner.values()) {
            int untilPass = mine.size();
            for (int i = 0; i < mine.size(); i++) {
                if (mine.get(i).passed()) {
                    untilPass = i + 1;
                    passed++;
                    break;
                }
            }
            attempts.add(untilPass);
        }
        var failures = new HashMap<String, Integer>();
        for (StoredSubmission s : submits) {
            for (JsonNode test : tests(s)) {
                if (!"passed".equals(test.path("status").asText())) {
                    failures.merge(test.path("name").asText(test.path("id").asText()), 1, Integer::sum);
                }
            }
        }
        Optional<Map.Entry<String, Integer>> common = failures.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())));
        return new ExerciseRow(exercise, perLearner.size(), passed, median(attempts),
                common.map(Map.Entry::getKey).orElse(null), common.map(Map.Entry::getValue).orElse(0));
    }

    private JsonNode tests(StoredSubmission s) {
        try {
            return json.readTree(s.result()).path("tests");
        } catch (IOException e) {
            return json.createArrayNode();
        }
    }

    static double median(List<Integer> values) {
        if (values.isEmpty()) {
            return 0;
        }
        var sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    /**
     * The gradebook: one row per learner with an account, one column per exercise with the best
     * Submit score, then the total. Columns are named so that LMS imports (Canvas, Moodle) can match
     * learners by email. Text that a spreadsheet would run as a formula is quoted away.
     */
    public String csv() {
        Report report = report();
        var header = new ArrayList<String>(List.of("Name", "Email"));
        for (ExerciseRow row : report.exercises()) {
            header.add(row.exercise().title() + " (" + row.exercise().id() + ", max " + maxScore(row.exercise()) + ")");
        }
        header.add("Total");
        var out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (LearnerRow learner : report.learners()) {
                if (learner.learner().guest()) {
                    continue;
                }
                var cells = new ArrayList<Object>(List.of(safe(learner.learner().name()), safe(learner.learner().email())));
                int total = 0;
                for (ExerciseRow row : report.exercises()) {
                    Best best = learner.best().get(row.exercise().id());
                    cells.add(best == null ? "" : best.score());
                    total += best == null ? 0 : best.score();
                }
                cells.add(total);
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static int maxScore(Exercise exercise) {
        return exercise.cases(Exercise.Mode.SUBMIT).stream().mapToInt(exercise.points()::of).sum();
    }

    /** Cells a spreadsheet would evaluate ({@code =}, {@code +}, {@code -}, {@code @}) start with a quote instead. */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + cell : cell;
    }
}
