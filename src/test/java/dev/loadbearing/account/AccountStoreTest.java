package dev.loadbearing.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.db.Database;
import dev.loadbearing.db.TestDatabase;
import dev.loadbearing.submission.SubmissionDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The account services and their DAOs with the real migrations, on in-memory H2 and on a real
 * PostgreSQL, on a clock the test moves.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class AccountStoreTest {
    @Parameter
    TestDatabase store;

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2025-03-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static final String PASSWORD = "lighthouse keeper 1893";
    Database database;
    TestClock clock;
    AccountService accounts;
    SessionService sessions;
    SignInThrottle throttle;
    ProgressService progress;

    @BeforeEach
    void open() {
        database = store.open();
        clock = new TestClock();
        throttle = new SignInThrottle(database.dao(SignInFailureDao.class), SignInThrottle.Policy.DEFAULT, clock);
        // Real Argon2id at a hundredth of the cost: this class tests what is stored and throttled around
        // the hash, on two databases; the first test checks the production parameters.
        accounts = new AccountService(database.dao(AccountDao.class), new Passwords(CHEAP, Passwords.PARALLEL_HASHES,
                Passwords.MAX_WAIT), throttle, clock);
        sessions = new SessionService(database.dao(SessionDao.class), database.dao(AccountDao.class), SessionService.Policy.DEFAULT, clock);
        progress = new ProgressService(database.dao(ProgressDao.class),
                java.util.Set.of("quiz:lb/slow-server", "exercise:lb-round-robin")::contains, clock);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    User user(String email) {
        return ((AccountService.SignUp.Created) accounts.signUp(email, "Ada", PASSWORD, "192.0.2.1")).user();
    }

    static final com.password4j.Argon2Function CHEAP = com.password4j.Argon2Function.getInstance(1024, 1, 1, 32,
            com.password4j.types.Argon2.ID, com.password4j.Argon2Function.ARGON2_VERSION_13);

    @Test
    void accounts_are_stored_with_an_argon2id_hash_and_a_unique_lower_case_email() {
        accounts = new AccountService(database.dao(AccountDao.class), new Passwords(), throttle, clock);
        User ada = user(" Ada@Example.COM ");
        var row = database.dao(AccountDao.class).byEmail("ada@example.com").orElseThrow();
        assertEquals(ada.id(), row.id());
        assertEquals("learner", row.role());
        assertTrue(row.passwordHash().startsWith("$argon2id$v=19$m=32768,t=3,p=1$"), row.passwordHash());
        assertFalse(row.passwordHash().contains(PASSWORD));
        assertThrows(RuntimeException.class, () -> database.dao(AccountDao.class).insert("ada@example.com", "Copy", "learner", "x", clock.instant()),
                "the database itself refuses a second account with one email");
    }

    @Test
    void a_session_is_stored_only_as_a_hash_and_ends_after_a_week_idle_or_thirty_days_in_all() {
        User ada = user("ada@example.com");
        String id = sessions.start(ada.id());
        assertEquals(43, id.length());
        assertTrue(database.dao(SessionDao.class).find(id).isEmpty(), "the raw id is not a key");
        assertEquals(Optional.of(ada), sessions.user(id));

        clock.advance(Duration.ofDays(6));
        assertEquals(Optional.of(ada), sessions.user(id), "six idle days: still signed in, and seen now");
        clock.advance(Duration.ofDays(6));
        assertEquals(Optional.of(ada), sessions.user(id), "a visit resets the idle time");
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertTrue(sessions.user(id).isEmpty(), "a week idle ends it");
        assertEquals(0, database.dao(SessionDao.class).countOf(ada.id()), "and removes it");

        String busy = sessions.start(ada.id());
        for (int day = 0; day < 29; day++) {
            clock.advance(Duration.ofDays(1));
            assertTrue(sessions.user(busy).isPresent(), "day " + day);
        }
        clock.advance(Duration.ofDays(1));
        assertTrue(sessions.user(busy).isEmpty(), "thirty days is the most a session lives");
    }

    @Test
    void a_resolved_session_is_remembered_briefly_but_signing_out_here_ends_it_at_once() {
        User ada = user("ada@example.com");
        String id = sessions.start(ada.id());
        assertEquals(Optional.of(ada), sessions.user(id));

        // Another node signs the browser out: its row goes, this node notices within RECHECK.
        database.dao(SessionDao.class).delete(SessionService.hash(id));
        assertEquals(Optional.of(ada), sessions.user(id), "remembered: no database query per page");
        clock.advance(SessionService.RECHECK.plusMillis(1));
        assertTrue(sessions.user(id).isEmpty(), "after RECHECK the database is asked again and says signed out");

        String here = sessions.start(ada.id());
        assertEquals(Optional.of(ada), sessions.user(here));
        sessions.end(here);
        assertTrue(sessions.user(here).isEmpty(), "signing out on this node is seen on the next request");

        String phone = sessions.start(ada.id());
        String laptop = sessions.start(ada.id());
        assertTrue(sessions.user(phone).isPresent() && sessions.user(laptop).isPresent());
        sessions.endAll(ada.id());
        assertTrue(sessions.user(phone).isEmpty() && sessions.user(laptop).isEmpty(),
                "a password change signs out every remembered session of the account at once");
    }

    @Test
    void starting_a_session_sweeps_expired_ones_of_everyone() {
        User ada = user("ada@example.com");
        User bob = user("bob@example.com");
        sessions.start(ada.id());
        clock.advance(Duration.ofDays(8));
        sessions.start(bob.id());
        assertEquals(0, database.dao(SessionDao.class).countOf(ada.id()));
        assertEquals(1, database.dao(SessionDao.class).countOf(bob.id()));
    }

    @Test
    void the_throttle_doubles_the_wait_after_five_failures_from_an_address_and_a_success_clears_it() {
        user("ada@example.com");
        for (int i = 0; i < 5; i++) {
            assertTrue(accounts.signIn("ada@example.com", "wrong " + i, "10.0.0.1") instanceof AccountService.SignIn.Refused);
        }
        assertEquals(new AccountService.SignIn.Throttled(Duration.ofSeconds(30)), accounts.signIn("ada@example.com", PASSWORD, "10.0.0.1"),
                "the guessing address waits, even with the right password");
        clock.advance(Duration.ofSeconds(31));
        assertTrue(accounts.signIn("ada@example.com", "wrong again", "10.0.0.1") instanceof AccountService.SignIn.Refused);
        assertEquals(new AccountService.SignIn.Throttled(Duration.ofSeconds(60)), accounts.signIn("ada@example.com", PASSWORD, "10.0.0.1"),
                "one more failure doubles the wait");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(accounts.signIn("ada@example.com", PASSWORD, "10.0.0.1") instanceof AccountService.SignIn.SignedIn);
        assertTrue(accounts.signIn("ada@example.com", "one slip", "10.0.0.1") instanceof AccountService.SignIn.Refused,
                "after a success the count starts again");
    }

    @Test
    void a_guesser_does_not_lock_the_owner_out_from_elsewhere_until_many_addresses_have_guessed() {
        user("ada@example.com");
        for (int i = 0; i < 5; i++) {
            accounts.signIn("ada@example.com", "wrong " + i, "203.0.113.9");
        }
        assertTrue(accounts.signIn("ada@example.com", PASSWORD, "10.0.0.2") instanceof AccountService.SignIn.SignedIn,
                "the owner signs in from another address");
        for (int i = 0; i < 20; i++) {
            accounts.signIn("ada@example.com", "wrong " + i, "198.51.100." + i);
        }
        assertTrue(accounts.signIn("ada@example.com", PASSWORD, "10.0.0.3") instanceof AccountService.SignIn.Throttled,
                "twenty failures from many addresses slow every address down");
    }

    @Test
    void sign_ups_are_limited_per_address_and_refill_over_the_hour() {
        for (int i = 0; i < AccountService.SIGN_UPS_PER_ADDRESS_PER_HOUR; i++) {
            assertTrue(accounts.signUp("class" + i + "@example.com", "Kid", PASSWORD, "198.51.100.7") instanceof AccountService.SignUp.Created);
        }
        var refused = accounts.signUp("one-more@example.com", "Kid", PASSWORD, "198.51.100.7");
        assertTrue(refused instanceof AccountService.SignUp.Throttled, String.valueOf(refused));
        assertEquals(Duration.ofMinutes(2), ((AccountService.SignUp.Throttled) refused).retryAfter(), "one sign-up refills every two minutes");
        assertTrue(accounts.signUp("elsewhere@example.com", "Kid", PASSWORD, "198.51.100.8") instanceof AccountService.SignUp.Created,
                "another address is not affected");
        clock.advance(Duration.ofMinutes(2));
        assertTrue(accounts.signUp("one-more@example.com", "Kid", PASSWORD, "198.51.100.7") instanceof AccountService.SignUp.Created);
    }

    @Test
    void thirty_parallel_wrong_passwords_check_only_five_and_leave_the_classroom_signing_in() throws Exception {
        user("ada@example.com");
        user("bob@example.com");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(30);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<AccountService.SignIn>>();
            for (int i = 0; i < 30; i++) {
                String guess = "parallel guess " + i;
                answers.add(pool.submit(() -> accounts.signIn("ada@example.com", guess, "192.0.2.7")));
            }
            int checked = 0;
            for (var answer : answers) {
                if (answer.get() instanceof AccountService.SignIn.Refused) {
                    checked++;
                } else {
                    assertTrue(answer.get() instanceof AccountService.SignIn.Throttled, String.valueOf(answer.get()));
                }
            }
            assertEquals(5, checked, "only the five free guesses had their password checked");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(accounts.signIn("bob@example.com", PASSWORD, "192.0.2.7") instanceof AccountService.SignIn.SignedIn,
                "another account signs in from the same (shared) address");
    }

    @Test
    void one_address_guessing_across_many_accounts_is_slowed_down_too() {
        user("ada@example.com");
        for (int i = 0; i < SignInThrottle.Policy.DEFAULT.address().free(); i++) {
            accounts.signIn("victim" + i + "@example.com", "guess", "203.0.113.9");
        }
        assertTrue(accounts.signIn("ada@example.com", PASSWORD, "203.0.113.9") instanceof AccountService.SignIn.Throttled);
        assertTrue(accounts.signIn("ada@example.com", PASSWORD, "198.51.100.1") instanceof AccountService.SignIn.SignedIn,
                "another address is not affected");
        clock.advance(Duration.ofHours(25));
        assertTrue(accounts.signIn("ada@example.com", PASSWORD, "203.0.113.9") instanceof AccountService.SignIn.SignedIn,
                "failures are forgotten after a day");
    }

    @Test
    void progress_keeps_the_first_time_each_item_was_done_and_drafts_are_replaced() {
        User ada = user("ada@example.com");
        progress.record(ada, Map.of("quiz:lb/slow-server", "2025-01-01T00:00:00Z"));
        progress.record(ada, Map.of("quiz:lb/slow-server", "2025-02-01T00:00:00Z", "exercise:lb-round-robin", "2999-01-01T00:00:00Z"));
        var done = progress.progress(ada);
        assertEquals("2025-01-01T00:00:00Z", done.get("quiz:lb/slow-server"));
        assertEquals(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), done.get("exercise:lb-round-robin"), "a future time becomes now");
        assertThrows(IllegalArgumentException.class, () -> progress.record(ada, Map.of("lesson:x' OR 1=1", "")));

        progress.saveDraft(ada, "lb-round-robin", "v1", Map.of("RoundRobin.java", "one"));
        progress.saveDraft(ada, "lb-round-robin", "v2", Map.of("RoundRobin.java", "two"));
        var draft = progress.draft(ada, "lb-round-robin").orElseThrow();
        assertEquals("v2", draft.version());
        assertEquals(Map.of("RoundRobin.java", "two"), draft.files());
        assertTrue(progress.draft(user("bob@example.com"), "lb-round-robin").isEmpty());
    }

    @Test
    void a_guests_submissions_move_into_the_account_and_nobody_elses_do() {
        User ada = user("ada@example.com");
        var submissions = database.dao(SubmissionDao.class);
        String guest = "guest-" + "a".repeat(32);
        String other = "guest-" + "b".repeat(32);
        submissions.record(submissions.start(guest, "lb-round-robin", "SUBMIT", "{}", "v1"), "passed", 9, 9, "{}", "v1");
        submissions.record(submissions.start(other, "lb-round-robin", "SUBMIT", "{}", "v1"), "passed", 9, 9, "{}", "v1");
        assertEquals(1, accounts.adoptGuestWork(ada, guest));
        assertTrue(submissions.passed(ada.learnerKey(), "lb-round-robin"));
        assertTrue(submissions.passed(other, "lb-round-robin"));
        assertEquals(0, accounts.adoptGuestWork(ada, "user-2"), "only guest ids are taken over");
    }
}
