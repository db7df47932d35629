package dev.loadbearing.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Slows password guessing down, with three counts of failed sign-ins kept in the database:
 * <ul>
 *   <li>per account and address: the guesser's own count, strict (5 free, then 30 s doubling to an hour);</li>
 *   <li>per account from every address: against guessing from many addresses, looser (20 free, at
 *       most 15 minutes), so one person's guesses do not lock the owner out for long elsewhere;</li>
 *   <li>per address over every account: generous and short (100 free, at most 5 minutes), because
 *       a classroom behind one NAT shares an address and must not be locked out by one person.</li>
 * </ul>
 * After a count's free failures, each further attempt waits {@code base · 2^(failures - free)}
 * (capped) after the last failure; attempts made while waiting are refused without checking the
 * password and do not count. A success clears the account's counts; counts fade after {@code forget}.
 * Emails are counted whether or not an account has them, so refusals reveal nothing.
 *
 * <p>Sign-ins for one email run one at a time ({@link #attempt}), so 30 parallel guesses cannot
 * all be checked before the first failures are counted: the sixth waits for the fifth's count.
 */
public final class SignInThrottle {
    /** One count's rule: failures allowed before waiting begins, the first wait, the longest, and when it fades. */
    public record Limit(int free, Duration base, Duration max, Duration forget) {}

    /** The three counts' rules. */
    public record Policy(Limit pair, Limit account, Limit address) {
        public static final Policy DEFAULT = new Policy(
                new Limit(5, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24)),
                new Limit(20, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(24)),
                new Limit(100, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1)));
    }

    private final SignInFailureDao failures;
    private final Policy policy;
    private final Clock clock;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public SignInThrottle(SignInFailureDao failures, Policy policy, Clock clock) {
        this.failures = failures;
        this.policy = policy;
        this.clock = clock;
    }

    public Policy policy() {
        return policy;
    }

    /** Runs a sign-in check for an email with no other check for the same email at the same time. */
    public <T> T attempt(String email, java.util.function.Supplier<T> check) {
        String key = normal(email);
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock(true));
        lock.lock();
        try {
            return check.get();
        } finally {
            lock.unlock();
            if (!lock.hasQueuedThreads()) {
                locks.remove(key, lock);
            }
        }
    }

    /** How long this email from this address must still wait before trying again, if at all. */
    public Optional<Duration> wait(String email, String address) {
        Duration longest = Duration.ZERO;
        for (Duration d : new Duration[] {wait(pairSubject(email, address), policy.pair()),
                wait(emailSubject(email), policy.account()), wait(addressSubject(address), policy.address())}) {
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    public void failed(String email, String address) {
        count(pairSubject(email, address), policy.pair());
        count(emailSubject(email), policy.account());
        count(addressSubject(address), policy.address());
    }

    /** The owner got in: the account's counts start again (the address's does not: it is shared). */
    public void succeeded(String email, String address) {
        failures.clear(emailSubject(email));
        failures.clear(pairSubject(email, address));
    }

    private Duration wait(String subject, Limit limit) {
        Instant now = clock.instant();
        return failures.find(subject)
                .filter(row -> row.failures() >= limit.free() && row.lastFailure().plus(limit.forget()).isAfter(now))
                .map(row -> {
                    Duration delay = delay(limit, row.failures() - limit.free());
                    Duration left = Duration.between(now, row.lastFailure().plus(delay));
                    return left.isNegative() ? Duration.ZERO : left;
                })
                .orElse(Duration.ZERO);
    }

    private static Duration delay(Limit limit, int beyondFree) {
        Duration delay = limit.base().multipliedBy(1L << Math.min(beyondFree, 20));
        return delay.compareTo(limit.max()) > 0 ? limit.max() : delay;
    }

    /** Adds one failure in one statement, so parallel failures from many accounts all count. */
    private void count(String subject, Limit limit) {
        Instant now = clock.instant();
        if (failures.increment(subject, now, now.minus(limit.forget())) > 0) {
            return;
        }
        try {
            failures.insert(subject, 1, now);
        } catch (RuntimeException raced) {
            failures.increment(subject, now, now.minus(limit.forget()));
        }
    }

    private static String normal(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    private static String emailSubject(String email) {
        return "email:" + normal(email);
    }

    private static String pairSubject(String email, String address) {
        return "pair:" + address + " " + normal(email);
    }

    private static String addressSubject(String address) {
        return "ip:" + address;
    }
}
