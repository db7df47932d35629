package dev.loadbearing.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Accounts without HTTP: sign up, sign in (throttled), change a password, create accounts from
 * the command line, and take over a guest's stored work. Field problems come back keyed by the
 * form field they belong to ({@code email}, {@code name}, {@code password}, {@code current}).
 */
public final class AccountService {
    public static final int MAX_NAME = 80;
    public static final int MAX_EMAIL = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern GUEST = Pattern.compile("guest-[0-9a-f]{32}");

    public sealed interface SignUp {
        record Created(User user) implements SignUp {}

        record Invalid(Map<String, String> errors) implements SignUp {}

        /** Too many accounts from this address lately. */
        record Throttled(Duration retryAfter) implements SignUp {}
    }

    /** Sign-ups allowed per address: a burst (a classroom behind one NAT), refilled evenly over an hour. */
    public static final int SIGN_UPS_PER_ADDRESS_PER_HOUR = 30;

    public sealed interface SignIn {
        record SignedIn(User user) implements SignIn {}

        /** Unknown email or wrong password: deliberately the same answer. */
        record Refused() implements SignIn {}

        record Throttled(Duration retryAfter) implements SignIn {}
    }

    public sealed interface PasswordChange {
        record Changed() implements PasswordChange {}

        record Invalid(Map<String, String> errors) implements PasswordChange {}

        record Throttled(Duration retryAfter) implements PasswordChange {}
    }

    private final AccountDao accounts;
    private final Passwords passwords;
    private final SignInThrottle throttle;
    private final Clock clock;
    /** Per address: the time at which its bucket of sign-ups is full again. */
    private final Map<String, Instant> signUpsFullAt = new java.util.concurrent.ConcurrentHashMap<>();

    public AccountService(AccountDao accounts, Passwords passwords, SignInThrottle throttle, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Emails are compared without case or surrounding spaces. */
    public static String normalEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    /** A learner signs up from an address, at most {@value #SIGN_UPS_PER_ADDRESS_PER_HOUR} an hour per address. */
    public SignUp signUp(String email, String name, String password, String address) {
        Duration wait = takeSignUp(address == null ? "" : address);
        if (wait != null) {
            return new SignUp.Throttled(wait);
        }
        return create(email, name, Role.LEARNER, password);
    }

    /** A token bucket kept as one instant per address; null when a sign-up may go ahead. */
    private Duration takeSignUp(String address) {
        Duration each = Duration.ofHours(1).dividedBy(SIGN_UPS_PER_ADDRESS_PER_HOUR);
        Duration window = Duration.ofHours(1);
        Instant now = clock.instant();
        Duration[] wait = new Duration[1];
        signUpsFullAt.compute(address, (key, fullAt) -> {
            Instant start = fullAt == null || fullAt.isBefore(now) ? now : fullAt;
            Instant next = start.plus(each);
            if (next.isAfter(now.plus(window))) {
                wait[0] = Duration.between(now.plus(window), next);
                return fullAt;
            }
            return next;
        });
        if (signUpsFullAt.size() > 10_000) {
            signUpsFullAt.values().removeIf(at -> at.isBefore(now));
        }
        return wait[0];
    }

    /** Creates an account with a role, or says what is wrong with each field. */
    public SignUp create(String email, String name, Role role, String password) {
        String address = normalEmail(email);
        String shownName = cleanName(name);
        var errors = new LinkedHashMap<String, String>();
        if (address.isEmpty()) {
            errors.put("email", "Enter your email address.");
        } else if (address.length() > MAX_EMAIL || !EMAIL.matcher(address).matches()) {
            errors.put("email", "Enter an email address like ada@example.com.");
        } else if (accounts.byEmail(address).isPresent()) {
            errors.put("email", "An account with this email already exists. Sign in instead, or use another email.");
        }
        if (shownName.isEmpty()) {
            errors.put("name", "Enter the name others will see.");
        } else if (shownName.length() > MAX_NAME) {
            errors.put("name", "Use at most " + MAX_NAME + " characters.");
        }
        passwords.problem(password, address).ifPresent(problem -> errors.put("password", problem));
        if (!errors.isEmpty()) {
            return new SignUp.Invalid(errors);
        }
        long id;
        try {
            id = accounts.insert(address, shownName, role.key(), passwords.hash(password), clock.instant());
        } catch (RuntimeException duplicate) {
            if (accounts.byEmail(address).isPresent()) {
                return new SignUp.Invalid(Map.of("email", "An account with this email already exists. Sign in instead, or use another email."));
            }
            throw duplicate;
        }
        return new SignUp.Created(new User(id, address, shownName, role));
    }

    /** Checks an email and password, unless this email or address must wait after failures. */
    public SignIn signIn(String email, String password, String address) {
        String normal = normalEmail(email);
        return throttle.attempt(normal, () -> checkSignIn(normal, password, address));
    }

    private SignIn checkSignIn(String normal, String password, String address) {
        var wait = throttle.wait(normal, address);
        if (wait.isPresent()) {
            return new SignIn.Throttled(wait.get());
        }
        var account = accounts.byEmail(normal);
        String attempt = password == null ? "" : password;
        if (attempt.length() > Passwords.MAX_LENGTH) {
            attempt = attempt.substring(0, Passwords.MAX_LENGTH + 1);
        }
        boolean ok;
        if (account.isPresent()) {
            ok = passwords.matches(attempt, account.get().passwordHash());
        } else {
            passwords.matchNothing(attempt);
            ok = false;
        }
        if (!ok) {
            throttle.failed(normal, address);
            return new SignIn.Refused();
        }
        throttle.succeeded(normal, address);
        return new SignIn.SignedIn(account.get().user());
    }

    /** Changes a password after checking the current one (throttled like a sign-in). */
    public PasswordChange changePassword(User user, String current, String next, String address) {
        return throttle.attempt(user.email(), () -> checkPasswordChange(user, current, next, address));
    }

    private PasswordChange checkPasswordChange(User user, String current, String next, String address) {
        var wait = throttle.wait(user.email(), address);
        if (wait.isPresent()) {
            return new PasswordChange.Throttled(wait.get());
        }
        var row = accounts.byId(user.id()).orElseThrow(() -> new IllegalStateException("account " + user.id() + " is gone"));
        var errors = new LinkedHashMap<String, String>();
        if (current == null || current.length() > Passwords.MAX_LENGTH || !passwords.matches(current, row.passwordHash())) {
            throttle.failed(user.email(), address);
            errors.put("current", "That is not your current password.");
        }
        passwords.problem(next, user.email()).ifPresent(problem -> errors.put("password", problem));
        if (errors.isEmpty() && next.equals(current)) {
            errors.put("password", "Choose a password different from the current one.");
        }
        if (!errors.isEmpty()) {
            return new PasswordChange.Invalid(errors);
        }
        accounts.updatePassword(user.id(), passwords.hash(next));
        return new PasswordChange.Changed();
    }

    public Optional<User> user(long id) {
        return accounts.byId(id).map(AccountDao.Row::user);
    }

    public List<User> users() {
        return accounts.all().stream().map(AccountDao.Row::user).toList();
    }

    /**
     * Moves what a guest's browser stored on the server (runs, submissions, and so unlocked
     * solutions) into an account. Returns how many submissions moved.
     */
    public int adoptGuestWork(User user, String guest) {
        if (guest == null || !GUEST.matcher(guest).matches()) {
            return 0;
        }
        return accounts.moveSubmissions(guest, user.learnerKey());
    }

    private static String cleanName(String name) {
        return name == null ? "" : name.replaceAll("\\p{Cntrl}", " ").trim().replaceAll("\\s+", " ");
    }
}
