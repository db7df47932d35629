package dev.loadbearing.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows password guessing down, per account and per address, with counts kept in the database so
 * every node sees the same ones. After {@code freeFailures} failed sign-ins in a row, each further
 * attempt must wait {@code base · 2^(failures - freeFailures)} (capped at {@code max}) after the
 * last failure. Attempts made while waiting are refused without checking the password, and do not
 * count. A success clears the account's count; an address's count fades after {@code forget}.
 * Emails are counted whether or not an account has them, so refusals reveal nothing.
 */
public final class SignInThrottle {
    /**
     * @param accountFailures failures allowed per email before waiting begins
     * @param addressFailures failures allowed per address (a classroom shares one, so more)
     */
    public record Policy(int accountFailures, int addressFailures, Duration base, Duration max, Duration forget) {
        public static final Policy DEFAULT = new Policy(5, 20, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24));
    }

    private final SignInFailureDao failures;
    private final Policy policy;
    private final Clock clock;

    public SignInThrottle(SignInFailureDao failures, Policy policy, Clock clock) {
        this.failures = failures;
        this.policy = policy;
        this.clock = clock;
    }

    /** How long this email or address must still wait before trying again, if at all. */
    public Optional<Duration> wait(String email, String address) {
        Duration account = wait(emailSubject(email), policy.accountFailures());
        Duration ip = wait(addressSubject(address), policy.addressFailures());
        Duration longest = account.compareTo(ip) >= 0 ? account : ip;
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    public void failed(String email, String address) {
        count(emailSubject(email));
        count(addressSubject(address));
    }

    public void succeeded(String email) {
        failures.clear(emailSubject(email));
    }

    private Duration wait(String subject, int free) {
        Instant now = clock.instant();
        return failures.find(subject)
                .filter(row -> row.failures() >= free && row.lastFailure().plus(policy.forget()).isAfter(now))
                .map(row -> {
                    Duration delay = delay(row.failures() - free);
                    Duration left = Duration.between(now, row.lastFailure().plus(delay));
                    return left.isNegative() ? Duration.ZERO : left;
                })
                .orElse(Duration.ZERO);
    }

    private Duration delay(int beyondFree) {
        Duration delay = policy.base().multipliedBy(1L << Math.min(beyondFree, 20));
        return delay.compareTo(policy.max()) > 0 ? policy.max() : delay;
    }

    private void count(String subject) {
        Instant now = clock.instant();
        var row = failures.find(subject);
        int next = row.filter(r -> r.lastFailure().plus(policy.forget()).isAfter(now)).map(r -> r.failures() + 1).orElse(1);
        if (row.isPresent()) {
            failures.update(subject, next, now);
            return;
        }
        try {
            failures.insert(subject, next, now);
        } catch (RuntimeException raced) {
            // Another request inserted the first failure meanwhile: count on top of it.
            failures.find(subject).ifPresent(r -> failures.update(subject, r.failures() + 1, now));
        }
    }

    private static String emailSubject(String email) {
        return "email:" + (email == null ? "" : email.trim().toLowerCase(Locale.ROOT));
    }

    private static String addressSubject(String address) {
        return "ip:" + address;
    }
}
