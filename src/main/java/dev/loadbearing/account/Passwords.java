package dev.loadbearing.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Password hashing and the password policy.
 *
 * <p>Argon2id with 32 MiB of memory, 3 passes, 1 lane and a 16-byte random salt: about 150–250 ms
 * per hash on this project's 2-core machines, which makes guessing offline expensive while a
 * sign-in still feels instant. The parameters travel inside each stored hash
 * ({@code $argon2id$v=19$m=32768,t=3,p=1$...}), so raising them later keeps old hashes valid.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
    /** Long enough for any passphrase, short enough that hashing it costs no more than usual. */
    public static final int MAX_LENGTH = 256;
    static final Argon2Function ARGON2 = Argon2Function.getInstance(32 * 1024, 3, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
    private static final int SALT_BYTES = 16;
    private final Set<String> common = loadCommon();
    /** Compared against when the account does not exist, so a wrong email costs the same time as a wrong password. */
    private final String decoy = hash("decoy password for unknown accounts");

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
    }

    public boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Spends the time of a real check, for an email that has no account. */
    public void matchNothing(String password) {
        matches(password, decoy);
    }

    /** Why this password may not be used, or empty when it may. */
    public Optional<String> problem(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters. A few unrelated words make a good one.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String base = lower.replaceAll("[^\\p{L}]+$", "");
        if (common.contains(lower) || common.contains(base) || lower.chars().distinct().count() <= 2) {
            return Optional.of("This password is one of the most common ones, which are guessed first. Choose another.");
        }
        if (email != null && !email.isBlank() && lower.contains(email.toLowerCase(Locale.ROOT).split("@")[0])
                && email.split("@")[0].length() >= 4) {
            return Optional.of("Do not use your email address in your password.");
        }
        return Optional.empty();
    }

    private static Set<String> loadCommon() {
        var words = new HashSet<String>();
        try (var in = Passwords.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the jar");
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String word = line.trim();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
