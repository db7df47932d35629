package dev.loadbearing.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Argon2id hashing and the password policy. */
class PasswordsTest {
    final Passwords passwords = new Passwords();

    @Test
    void hashes_are_salted_argon2id_that_only_the_right_password_matches() {
        String a = passwords.hash("violet meadow engine");
        String b = passwords.hash("violet meadow engine");
        assertNotEquals(a, b, "a fresh salt each time");
        assertTrue(passwords.matches("violet meadow engine", a));
        assertFalse(passwords.matches("violet meadow engine ", a));
        assertFalse(passwords.matches("violet meadow engine", "not a hash"));
    }

    @Test
    void one_hash_takes_a_noticeable_but_small_time() {
        passwords.hash("warm up the JIT first");
        long start = System.nanoTime();
        int rounds = 3;
        for (int i = 0; i < rounds; i++) {
            passwords.hash("timing password " + i);
        }
        long millis = (System.nanoTime() - start) / rounds / 1_000_000;
        System.out.println("Argon2id m=32768 KiB, t=3, p=1: " + millis + " ms per hash");
        assertTrue(millis >= 30, "too cheap to slow guessing: " + millis + " ms");
        assertTrue(millis < 2000, "too slow for a sign-in: " + millis + " ms");
    }

    @Test
    void the_policy_refuses_short_common_and_email_based_passwords() {
        assertTrue(passwords.problem("short", "a@example.com").orElseThrow().startsWith("Use at least 10 characters"));
        assertTrue(passwords.problem("x".repeat(257), "a@example.com").isPresent());
        for (String common : new String[] {"password123", "Password2024!", "qwertyuiop", "1234567890", "iloveyou!!", "aaaaaaaaaaaa", "ababababab"}) {
            assertTrue(passwords.problem(common, "a@example.com").orElse("").contains("most common"), common);
        }
        assertTrue(passwords.problem("gracehopper-rocks", "gracehopper@example.com").orElse("").contains("email"));
        assertEquals(Optional.empty(), passwords.problem("violet meadow engine", "ada@example.com"));
    }

    @Test
    void hashing_is_bounded_by_a_small_pool_and_the_excess_is_turned_away_after_a_short_wait() throws Exception {
        var bounded = new Passwords(1, java.time.Duration.ofMillis(50));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> bounded.hash("a long passphrase here")));
            }
            int busy = 0;
            int hashed = 0;
            for (var answer : answers) {
                try {
                    assertTrue(answer.get().startsWith("$argon2id$"));
                    hashed++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof Passwords.Busy, String.valueOf(e.getCause()));
                    busy++;
                }
            }
            assertTrue(hashed >= 1 && busy >= 1, hashed + " hashed, " + busy + " turned away: one slot, six at once");
        } finally {
            pool.shutdownNow();
        }
    }
}
