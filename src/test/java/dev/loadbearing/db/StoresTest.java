package dev.loadbearing.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loadbearing.course.PageViewDao;
import dev.loadbearing.submission.StoredSubmission;
import dev.loadbearing.submission.SubmissionDao;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The migrations and the submission, page-count and secret DAOs, on in-memory H2 and on a real
 * PostgreSQL (the account DAOs are in AccountStoreTest). Every query a node runs is run here on
 * both databases, so SQL that only one of them takes fails here rather than in a classroom.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class StoresTest {
    @Parameter
    TestDatabase store;

    String url;
    Database database;

    @BeforeEach
    void open() {
        url = store.newUrl();
        database = Database.open(url, 1); // the smallest pool: migrating must not need a second connection from it
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void every_migration_is_applied_and_opening_again_applies_none() {
        assertEquals(store.name(), database.vendor().name());
        List<String> applied = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")
                .mapTo(String.class).list());
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), applied);
        database.close();
        database = Database.open(url, 2);
        assertEquals(8, (int) database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")
                .mapTo(Integer.class).one()), "a second node (or a restart) finds nothing to migrate");
        assertTrue(database.reachable());
        assertTrue(database.writable(), "the health probe row is there and takes a write");
    }

    @Test
    void after_the_server_drops_every_connection_the_next_queries_reconnect() throws Exception {
        assumeTrue(store == TestDatabase.POSTGRESQL, "H2 is in the process: it has no connections to drop");
        var submissions = database.dao(SubmissionDao.class);
        long before = submissions.start("user-1", "lb-round-robin", "RUN", "{}", "v1");
        // What a restart or failover of the database server does to every node's pool.
        try (Database admin = Database.open(url, 1)) {
            int dropped = admin.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
                    .mapTo(Integer.class).one());
            assertTrue(dropped >= 1, "the node's connections were dropped: " + dropped);
        }
        Thread.sleep(600); // past HikariCP's window in which a connection used just now is handed out unchecked
        assertTrue(database.writable(), "the pool replaced the dead connection");
        assertEquals(before, submissions.find(before).orElseThrow().id(), "and what was stored before is there");
    }

    @Test
    void a_jdbc_url_with_the_user_among_its_parameters_opens_the_same_database() {
        assumeTrue(store == TestDatabase.POSTGRESQL, "a PostgreSQL URL form");
        database.dao(SecretDao.class).insert("probe", "seen");
        try (Database same = Database.open(Database.PostgresUrl.parse(url).jdbcUrl() + "?user=loadbearing&ApplicationName=ops", 1)) {
            assertEquals("seen", same.dao(SecretDao.class).find("probe").orElseThrow());
        }
    }

    @Test
    void a_sign_in_subject_of_four_hundred_characters_fits_after_the_widening_migration() {
        String subject = "pair:" + "x".repeat(395);
        database.dao(dev.loadbearing.account.SignInFailureDao.class).insert(subject, 1, Instant.now());
        assertEquals(1, database.dao(dev.loadbearing.account.SignInFailureDao.class).find(subject).orElseThrow().failures());
    }

    @Test
    void a_submission_is_stored_pending_then_graded_and_large_code_survives_intact() {
        var submissions = database.dao(SubmissionDao.class);
        String code = "{\"Big.java\":\"" + "// a long comment line with unicode: é ü ✓\\n".repeat(5_000) + "\"}";
        long id = submissions.start("user-1", "lb-round-robin", "SUBMIT", code, "v1");
        StoredSubmission pending = submissions.find(id).orElseThrow();
        assertEquals(StoredSubmission.PENDING, pending.status());
        assertEquals(code, pending.files(), "over 200 KB of code comes back byte for byte");
        assertNull(pending.gradedAt());
        assertTrue(Duration.between(pending.createdAt(), Instant.now()).abs().toMinutes() < 5,
                "created_at is now, in the JVM's clock: " + pending.createdAt());
        assertEquals(1, submissions.pendingCount());
        assertFalse(submissions.passed("user-1", "lb-round-robin"));

        submissions.record(id, "passed", 9, 10, "{\"tests\":[]}", "v2");
        StoredSubmission graded = submissions.find(id).orElseThrow();
        assertEquals("passed", graded.status());
        assertEquals(9, graded.score());
        assertEquals(10, graded.maxScore());
        assertEquals("v2", graded.exerciseVersion());
        assertNotNull(graded.gradedAt());
        assertEquals(0, submissions.pendingCount());
        assertTrue(submissions.passed("user-1", "lb-round-robin"));
        assertFalse(submissions.passed("user-2", "lb-round-robin"), "another learner's pass is not theirs");

        long discarded = submissions.start("user-1", "lb-round-robin", "RUN", "{}", "v2");
        submissions.discard(discarded);
        assertTrue(submissions.find(discarded).isEmpty(), "a turned-away submission is forgotten");
        submissions.discard(id);
        assertTrue(submissions.find(id).isPresent(), "a graded one never is");
    }

    @Test
    void attempts_page_newest_first_and_only_the_newest_are_kept() {
        var submissions = database.dao(SubmissionDao.class);
        long[] ids = new long[7];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = submissions.start("user-1", "lb-round-robin", "RUN", "{\"n\":" + i + "}", "v1");
            submissions.record(ids[i], "failed", i, 10, "{}", "v1");
        }
        long other = submissions.start("user-1", "cache-aside", "RUN", "{}", "v1");
        long submit = submissions.start("user-1", "lb-round-robin", "SUBMIT", "{}", "v1");
        submissions.record(submit, "failed", 1, 10, "{}", "v1");
        long stillPending = submissions.start("user-1", "lb-round-robin", "RUN", "{}", "v1");

        assertEquals(9, submissions.countAttempts("user-1", "lb-round-robin"));
        assertEquals(List.of(stillPending, submit, ids[6]), pageIds(submissions, 3, 0));
        assertEquals(List.of(ids[5], ids[4], ids[3]), pageIds(submissions, 3, 3));
        assertEquals(List.of(ids[0]), pageIds(submissions, 3, 8), "the last page holds what is left");

        assertEquals(5, submissions.keepNewest("user-1", "lb-round-robin", "RUN", 3),
                "eight runs, the newest three (one of them pending) kept, the five graded older ones deleted");
        List<Long> left = submissions.attempts("user-1", "lb-round-robin").stream().map(StoredSubmission::id).toList();
        assertEquals(List.of(stillPending, submit, ids[6], ids[5]), left,
                "the pending run counts among the newest but is never deleted; the Submit and the other exercise are untouched");
        assertTrue(submissions.find(other).isPresent());
        assertEquals(1, submissions.submits("user-1", "lb-round-robin"));
        assertEquals(List.of(submit), submissions.submitsOf("lb-round-robin").stream().map(StoredSubmission::id).toList());
        assertEquals(List.of(submit), submissions.allSubmits().stream().map(StoredSubmission::id).toList());
    }

    private static List<Long> pageIds(SubmissionDao submissions, int limit, long offset) {
        return submissions.attemptsPage("user-1", "lb-round-robin", limit, offset).stream().map(StoredSubmission::id).toList();
    }

    @Test
    void page_views_add_up_across_batches_and_across_nodes_writing_at_once() throws Exception {
        var views = database.dao(PageViewDao.class);
        assertEquals(0, views.views("01-what-is-load"));
        views.add("01-what-is-load", 3);
        views.add("01-what-is-load", 4);
        assertEquals(7, views.views("01-what-is-load"));

        // Two nodes share the database: their batches for a lesson already counted never lose a view.
        try (Database second = Database.open(url, 4)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> writes = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    PageViewDao dao = (i % 2 == 0 ? database : second).dao(PageViewDao.class);
                    writes.add(pool.submit(() -> dao.add("01-what-is-load", 5)));
                }
                for (Future<?> write : writes) {
                    write.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertEquals(7 + 40 * 5, views.views("01-what-is-load"));
    }

    @Test
    void a_key_is_made_once_and_every_node_reads_the_same_one() {
        byte[] first = database.dao(SecretDao.class).key("csrf");
        assertEquals(32, first.length);
        try (Database second = Database.open(url, 2)) {
            assertArrayEquals(first, second.dao(SecretDao.class).key("csrf"), "a second node signs with the first node's key");
        }
        assertFalse(java.util.Arrays.equals(first, database.dao(SecretDao.class).key("other")), "another name, another key");
    }

    @Test
    void the_schema_history_is_flyways_own_so_a_plain_flyway_sees_the_database_up_to_date() {
        String jdbc = store == TestDatabase.H2 ? url : Database.PostgresUrl.parse(url).jdbcUrl();
        var flyway = Flyway.configure().dataSource(jdbc, store == TestDatabase.H2 ? "sa" : "loadbearing", "")
                .locations(database.vendor().migrations()).load();
        MigrationInfo[] pending = flyway.info().pending();
        assertEquals(0, pending.length, "nothing pending");
        assertEquals("8", flyway.info().current().getVersion().getVersion());
    }
}
