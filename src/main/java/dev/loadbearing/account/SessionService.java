package dev.loadbearing.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Sessions in the database, so a restart or another node signs nobody out. A session id is 256
 * random bits, handed to the browser once; the database keeps only its SHA-256. A session ends
 * when it has been idle too long or has lived too long, whichever comes first; expired rows are
 * refused when presented and swept whenever someone signs in.
 */
public final class SessionService {
    /**
     * @param idle     how long a session survives without a request
     * @param absolute how long a session lives at most, however busy
     * @param touchEvery how stale {@code last_seen} may get before a request writes it again
     */
    public record Policy(Duration idle, Duration absolute, Duration touchEvery) {
        public static final Policy DEFAULT = new Policy(Duration.ofDays(7), Duration.ofDays(30), Duration.ofMinutes(1));
    }

    private final SessionDao sessions;
    private final AccountDao accounts;
    private final Policy policy;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SessionService(SessionDao sessions, AccountDao accounts, Policy policy, Clock clock) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.policy = policy;
        this.clock = clock;
    }

    public Policy policy() {
        return policy;
    }

    /** Starts a session for an account and returns its id, which only the browser keeps. */
    public String start(long accountId) {
        Instant now = clock.instant();
        sessions.deleteExpired(now.minus(policy.idle()), now.minus(policy.absolute()));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.insert(hash(id), accountId, now);
        return id;
    }

    /** The account signed in with this session id, if the session exists and has not expired. */
    public Optional<User> user(String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        String key = hash(id);
        var row = sessions.find(key);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!row.get().lastSeen().plus(policy.idle()).isAfter(now) || !row.get().createdAt().plus(policy.absolute()).isAfter(now)) {
            sessions.delete(key);
            return Optional.empty();
        }
        if (row.get().lastSeen().plus(policy.touchEvery()).isBefore(now)) {
            sessions.touch(key, now);
        }
        return accounts.byId(row.get().accountId()).map(AccountDao.Row::user);
    }

    public void end(String id) {
        if (id != null) {
            sessions.delete(hash(id));
        }
    }

    /** Signs an account out everywhere (after a password change). */
    public void endAll(long accountId) {
        sessions.deleteAllOf(accountId);
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
