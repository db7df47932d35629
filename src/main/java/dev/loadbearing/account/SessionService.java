package dev.loadbearing.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 *
 * <p>A resolved session is remembered in memory for {@link #RECHECK}, so a signed-in reader's
 * pages cost no database query. Signing out and a password change forget this node's copies at
 * once; another node sharing the database (or an account changed from the command line) is seen
 * within {@link #RECHECK}.
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

    /** How long a resolved session is trusted from memory before the database is asked again. */
    public static final Duration RECHECK = Duration.ofSeconds(5);
    /** Sessions remembered at most; beyond this the least used are asked of the database again. */
    private static final int REMEMBERED = 20_000;

    /** A session row as last read or written, and its account (empty if the account is gone). */
    private record Known(SessionDao.Row row, Optional<User> user) {}

    private final SessionDao sessions;
    private final AccountDao accounts;
    private final Policy policy;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Known> known;

    public SessionService(SessionDao sessions, AccountDao accounts, Policy policy, Clock clock) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.policy = policy;
        this.clock = clock;
        // The service's clock drives expiry too, so tests with a fixed clock see the same rules.
        this.known = Caffeine.newBuilder()
                .maximumSize(REMEMBERED)
                .expireAfterWrite(RECHECK)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
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
        Known session = known.getIfPresent(key);
        if (session == null) {
            var row = sessions.find(key);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            session = new Known(row.get(), accounts.byId(row.get().accountId()).map(AccountDao.Row::user));
            known.put(key, session);
        }
        SessionDao.Row row = session.row();
        Instant now = clock.instant();
        if (!row.lastSeen().plus(policy.idle()).isAfter(now) || !row.createdAt().plus(policy.absolute()).isAfter(now)) {
            known.invalidate(key);
            sessions.delete(key);
            return Optional.empty();
        }
        if (row.lastSeen().plus(policy.touchEvery()).isBefore(now)) {
            sessions.touch(key, now);
            known.put(key, new Known(new SessionDao.Row(key, row.accountId(), row.createdAt(), now), session.user()));
        }
        return session.user();
    }

    public void end(String id) {
        if (id != null) {
            String key = hash(id);
            known.invalidate(key);
            sessions.delete(key);
        }
    }

    /** Signs an account out everywhere (after a password change). */
    public void endAll(long accountId) {
        known.asMap().values().removeIf(session -> session.row().accountId() == accountId);
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
