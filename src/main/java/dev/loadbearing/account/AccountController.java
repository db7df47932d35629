package dev.loadbearing.account;

import dev.loadbearing.web.Csrf;
import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.Learners;
import dev.loadbearing.web.Paths;
import dev.loadbearing.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The account pages, all plain HTML forms that work without JavaScript: {@code /signup},
 * {@code /signin}, {@code /signout} (POST), {@code /account} and {@code /account/password}.
 * Every POST checks the form's CSRF field first. A form with problems comes back with each
 * message next to its field and the input kept, passwords excepted.
 */
public final class AccountController {
    private static final Set<String> NOT_A_DESTINATION = Set.of(Paths.SIGN_IN, Paths.SIGN_UP, Paths.SIGN_OUT);
    private final AccountService accounts;
    private final Sessions sessions;
    private final Learners learners;
    private final Csrf csrf;
    private final Views views;
    private final ErrorPages errors;

    public AccountController(AccountService accounts, Sessions sessions, Learners learners, Csrf csrf, Views views, ErrorPages errors) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.learners = learners;
        this.csrf = csrf;
        this.views = views;
        this.errors = errors;
    }

    /** What a request turned away for want of a hashing slot is told to wait. */
    static final int BUSY_RETRY_SECONDS = 2;

    public void signUpForm(Context ctx) {
        signUpPage(ctx, 200, "", "", Map.of());
    }

    public void signUp(Context ctx) {
        if (!formTokenOk(ctx)) {
            return;
        }
        String email = field(ctx, "email");
        String name = field(ctx, "name");
        AccountService.SignUp result;
        try {
            result = accounts.signUp(email, name, ctx.formParam("password"), dev.loadbearing.web.Proxies.client(ctx));
        } catch (Passwords.Busy busy) {
            ctx.header("Retry-After", String.valueOf(BUSY_RETRY_SECONDS));
            signUpPage(ctx, 429, email, name, Map.of("password", "Many people are signing up or in right now. Try again in a few seconds."));
            return;
        }
        if (result instanceof AccountService.SignUp.Invalid invalid) {
            signUpPage(ctx, 422, email, name, invalid.errors());
        } else if (result instanceof AccountService.SignUp.Throttled throttled) {
            ctx.header("Retry-After", String.valueOf(seconds(throttled.retryAfter())));
            signUpPage(ctx, 429, email, name, Map.of("email", "Too many accounts were created from your network lately. Try again in "
                    + wait(throttled.retryAfter()) + "."));
        } else if (result instanceof AccountService.SignUp.Created created) {
            welcome(ctx, created.user());
        }
    }

    public void signInForm(Context ctx) {
        if (sessions.currentUser(ctx).isPresent()) {
            ctx.redirect(next(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        signInPage(ctx, 200, "", null);
    }

    public void signIn(Context ctx) {
        if (!formTokenOk(ctx)) {
            return;
        }
        String email = field(ctx, "email");
        AccountService.SignIn result;
        try {
            result = accounts.signIn(email, ctx.formParam("password"), dev.loadbearing.web.Proxies.client(ctx));
        } catch (Passwords.Busy busy) {
            ctx.header("Retry-After", String.valueOf(BUSY_RETRY_SECONDS));
            signInPage(ctx, 429, email, "Many people are signing in right now. Try again in a few seconds.");
            return;
        }
        if (result instanceof AccountService.SignIn.SignedIn signedIn) {
            welcome(ctx, signedIn.user());
        } else if (result instanceof AccountService.SignIn.Throttled throttled) {
            ctx.header("Retry-After", String.valueOf(seconds(throttled.retryAfter())));
            signInPage(ctx, 429, email, "Too many failed sign-ins. Wait " + wait(throttled.retryAfter()) + " and try again.");
        } else {
            signInPage(ctx, 422, email, "That email and password do not match an account. Check both and try again.");
        }
    }

    public void signOut(Context ctx) {
        if (!formTokenOk(ctx)) {
            return;
        }
        sessions.end(ctx);
        ctx.redirect(Paths.OUTLINE, HttpStatus.SEE_OTHER);
    }

    /** {@code GET /account}, behind {@link Sessions#requireSignIn()}. */
    public void show(Context ctx) {
        accountPage(ctx, 200, Map.of(), "changed".equals(ctx.queryParam("password")));
    }

    public void changePassword(Context ctx) {
        if (!formTokenOk(ctx)) {
            return;
        }
        User user = sessions.currentUser(ctx).orElseThrow();
        AccountService.PasswordChange result;
        try {
            result = accounts.changePassword(user, ctx.formParam("current"), ctx.formParam("password"), dev.loadbearing.web.Proxies.client(ctx));
        } catch (Passwords.Busy busy) {
            ctx.header("Retry-After", String.valueOf(BUSY_RETRY_SECONDS));
            accountPage(ctx, 429, Map.of("current", "The server is busy checking passwords. Try again in a few seconds."), false);
            return;
        }
        if (result instanceof AccountService.PasswordChange.Invalid invalid) {
            accountPage(ctx, 422, invalid.errors(), false);
        } else if (result instanceof AccountService.PasswordChange.Throttled throttled) {
            ctx.header("Retry-After", String.valueOf(seconds(throttled.retryAfter())));
            accountPage(ctx, 429, Map.of("current", "Too many wrong passwords. Wait " + wait(throttled.retryAfter()) + " and try again."), false);
        } else {
            sessions.restartEverywhere(ctx, user);
            ctx.redirect(Paths.ACCOUNT + "?password=changed", HttpStatus.SEE_OTHER);
        }
    }

    /** Signed up or in: a new session, the guest's stored work moved in, then on to where they were going. */
    private void welcome(Context ctx, User user) {
        sessions.begin(ctx, user);
        accounts.adoptGuestWork(user, learners.guest(ctx));
        learners.forgetGuest(ctx);
        ctx.redirect(next(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private boolean formTokenOk(Context ctx) {
        if (csrf.matchesForm(ctx)) {
            return true;
        }
        errors.show(ctx, 403, "This form has expired",
                "The form was missing its security token, or it came from another site. Go back, reload the page and send it again.");
        return false;
    }

    private void signUpPage(Context ctx, int status, String email, String name, Map<String, String> problems) {
        var model = new HashMap<String, Object>();
        model.put("email", email);
        model.put("name", name);
        model.put("errors", problems);
        model.put("next", nextField(ctx));
        model.put("minLength", Passwords.MIN_LENGTH);
        views.page(ctx, status, Paths.Template.SIGN_UP, model);
    }

    private void signInPage(Context ctx, int status, String email, String problem) {
        var model = new HashMap<String, Object>();
        model.put("email", email);
        model.put("problem", problem);
        model.put("next", nextField(ctx));
        views.page(ctx, status, Paths.Template.SIGN_IN, model);
    }

    private void accountPage(Context ctx, int status, Map<String, String> problems, boolean changed) {
        var model = new HashMap<String, Object>();
        model.put("user", sessions.currentUser(ctx).orElseThrow());
        model.put("errors", problems);
        model.put("changed", changed);
        model.put("minLength", Passwords.MIN_LENGTH);
        views.page(ctx, status, Paths.Template.ACCOUNT, model);
    }

    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }

    /** The {@code next} of a form post or a page's query, kept for the form's hidden field. */
    private static String nextField(Context ctx) {
        String next = "POST".equals(ctx.method().name()) ? ctx.formParam("next") : ctx.queryParam("next");
        String safe = next(next);
        return safe.equals(Paths.OUTLINE) ? "" : safe;
    }

    /** Where to go after signing in: a path on this site only, never another host. */
    static String next(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x21 || c == '\\')) {
            return Paths.OUTLINE;
        }
        String path = next.contains("?") ? next.substring(0, next.indexOf('?')) : next;
        return NOT_A_DESTINATION.contains(path) ? Paths.OUTLINE : next;
    }

    /** Whole seconds, rounded up: "wait 30 seconds" must not turn out to be too short. */
    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static String wait(Duration duration) {
        long seconds = seconds(duration);
        if (seconds < 90) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + " minutes";
    }
}
