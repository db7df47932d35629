package dev.loadbearing.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.db.Database;
import dev.loadbearing.db.TestDatabase;
import dev.loadbearing.submission.SubmissionDao;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The class report over real stored submissions, in H2 and in PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class ClassReportTest {
    @Parameter
    TestDatabase store;
    Database db;
    SubmissionDao submissions;
    ClassReport report;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void setUp() {
        db = store.open();
        submissions = db.dao(SubmissionDao.class);
        ExerciseCatalog exercises = ExerciseCatalog.load(CourseFiles.bundled());
        report = new ClassReport(exercises, submissions, key -> switch (key) {
            case "user-1" -> new ClassReport.Learner(key, "Ada Lovelace", "ada@example.org");
            case "user-2" -> new ClassReport.Learner(key, "=HYPERLINK(\"http://evil\")", "bob@example.org");
            default -> ClassReport.Learner.guest(key);
        });
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private void submit(String learner, String status, int score, String... failing) throws Exception {
        long id = submissions.start(learner, "lb-round-robin", "SUBMIT", "{\"RoundRobin.java\":\"class RoundRobin {}\"}", "v1");
        var tests = new java.util.ArrayList<Map<String, String>>();
        for (String name : failing) {
            tests.add(Map.of("name", name, "status", "failed"));
        }
        tests.add(Map.of("name", "always passes", "status", "passed"));
        submissions.record(id, status, score, 9, JSON.writeValueAsString(Map.of("tests", tests)), "v1");
    }

    @Test
    void each_exercise_shows_who_tried_who_passed_the_median_attempts_and_the_test_that_fails_most() throws Exception {
        submit("user-1", "failed", 3, "servers take turns");
        submit("user-1", "passed", 9);
        submit("user-2", "failed", 0, "servers take turns", "four servers");
        submit("user-2", "failed", 4, "servers take turns");
        submit("user-2", "failed", 6, "four servers");
        submit("guest-" + "a".repeat(32), "passed", 9);

        ClassReport.ExerciseRow row = report.report().exercises().stream()
                .filter(r -> r.exercise().id().equals("lb-round-robin")).findFirst().orElseThrow();
        assertEquals(3, row.tried());
        assertEquals(2, row.passed());
        assertEquals(2.0, row.medianAttempts(), "attempts until passing: 2 (Ada), 3 (Bob, not yet), 1 (guest)");
        assertEquals("servers take turns", row.commonFailure());
        assertEquals(3, row.commonFailureCount());
    }

    @Test
    void learners_are_listed_with_their_best_score_accounts_first() throws Exception {
        submit("guest-" + "a".repeat(32), "failed", 2);
        submit("user-1", "passed", 9);
        submit("user-1", "failed", 5);
        var learners = report.report().learners();
        assertEquals(List.of("Ada Lovelace", "Guest aaaaaa"), learners.stream().map(l -> l.learner().name()).toList());
        assertEquals(9, learners.get(0).best().get("lb-round-robin").score(), "the best, not the last");
        assertEquals(1, learners.get(0).passed());
    }

    @Test
    void an_exercise_nobody_tried_has_empty_figures() {
        ClassReport.ExerciseRow row = report.report().exercises().get(0);
        assertEquals(0, row.tried());
        assertNull(row.commonFailure());
    }

    @Test
    void the_gradebook_csv_has_a_row_per_account_a_column_per_exercise_and_defuses_formulas() throws Exception {
        submit("user-1", "passed", 9);
        submit("user-2", "failed", 4);
        submit("guest-" + "a".repeat(32), "passed", 9);
        String csv = report.csv();
        List<String> lines = csv.lines().toList();
        int others = report.report().exercises().size() - 1;
        String blanks = ",".repeat(others);
        int before = (int) report.report().exercises().stream().map(r -> r.exercise().id()).takeWhile(id -> !id.equals("lb-round-robin")).count();
        String header = lines.get(0);
        assertTrue(header.startsWith("Name,Email,") && header.endsWith(",Total") && header.contains(",\"Round robin (lb-round-robin, max 9)\","), header);
        // Only Round robin was submitted: its column holds the score, the others are empty, and the total follows.
        String ada = "Ada Lovelace,ada@example.org," + ",".repeat(before) + "9" + ",".repeat(others - before) + ",9";
        String bob = "\"'=HYPERLINK(\"\"http://evil\"\")\",bob@example.org," + ",".repeat(before) + "4" + ",".repeat(others - before) + ",4";
        assertTrue(lines.contains(ada), ada + " in\n" + csv);
        assertTrue(lines.contains(bob), bob + " in\n" + csv);
        assertEquals(3, lines.size(), "guests have no place in a gradebook: " + csv);
    }

    @Test
    void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assertEquals(2.5, ClassReport.median(List.of(4, 1, 2, 3)));
        assertEquals(0, ClassReport.median(List.of()));
    }
}
