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
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
    /** Hashes computed at once: each takes 32 MiB and a core for ~200 ms, so 200 sign-ups at once must queue. */
    public static final int PARALLEL_HASHES = 2;
    /** The longest a sign-up or sign-in waits for a free hashing slot before it is told to come back. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private final Semaphore slots;
    private final Duration maxWait;
    private final Argon2Function function;
    private final Set<String> common = loadCommon();
    /** Compared against when the account does not exist, so a wrong email costs the same time as a wrong password. */
    private final String decoy;

    /** Thrown when every hashing slot stayed busy for {@link #MAX_WAIT}: the caller answers 429 with Retry-After. */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Busy() {
            super("every password hashing slot is busy", null, false, false);
        }
    }

    public Passwords() {
        this(PARALLEL_HASHES, MAX_WAIT);
    }

    /** @param parallel hashes computed at once; @param maxWait the longest a caller waits for a slot */
    public Passwords(int parallel, Duration maxWait) {
        this(ARGON2, parallel, maxWait);
    }

    /**
     * With other Argon2id parameters: only for tests of what is stored around the hash, which need
     * not pay 200 ms a hash (hashes keep their parameters, so either kind checks against the other).
     */
    Passwords(Argon2Function function, int parallel, Duration maxWait) {
        this.function = function;
        this.slots = new Semaphore(parallel, true);
        this.maxWait = maxWait;
        this.decoy = hash("decoy password for unknown accounts");
    }

    /** @throws Busy when no hashing slot freed up in time */
    public String hash(String password) {
        return bounded(() -> Password.hash(password).addRandomSalt(SALT_BYTES).with(function).getResult());
    }

    /** @throws Busy when no hashing slot freed up in time */
    public boolean matches(String password, String hash) {
        return bounded(() -> {
            try {
                return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private <T> T bounded(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return work.get();
        } finally {
            slots.release();
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
