package dev.loadbearing.account;

import dev.loadbearing.web.Csrf;
import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.Paths;
import dev.loadbearing.web.Requests;
import dev.loadbearing.web.Views;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who is signed in, for every request: <b>the API other features use</b>.
 *
 * <ul>
 *   <li>{@link #currentUser(Context)}: the signed-in {@link User}, or empty for a guest;</li>
 *   <li>{@link #requireRole(Role...)}: a before-handler that lets only those roles through.
 *       Guests asking for a page are sent to the sign-in page (303), other guest requests get 401;
 *       signed-in people without the role get 403. HTML or JSON, as the client asked.</li>
 * </ul>
 *
 * <pre>{@code
 * cfg.routes.before("/instructor/*", sessions.requireRole(Role.INSTRUCTOR, Role.ADMIN));
 * User me = sessions.currentUser(ctx).orElseThrow();
 * }</pre>
 *
 * The session id lives in the {@value #COOKIE} cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS.
 */
public final class Sessions {
    public static final String COOKIE = "lb_session";
    private static final String RESOLVED = "loadbearing.session-user";
    private final SessionService sessions;
    private final Csrf csrf;
    private final ErrorPages errors;

    public Sessions(SessionService sessions, Csrf csrf, ErrorPages errors) {
        this.sessions = sessions;
        this.csrf = csrf;
        this.errors = errors;
    }

    /** The signed-in person of this request, or empty for a guest. Looked up once per request. */
    public Optional<User> currentUser(Context ctx) {
        Optional<User> resolved = ctx.attribute(RESOLVED);
        if (resolved == null) {
            String id = ctx.cookie(COOKIE);
            resolved = id == null ? Optional.empty() : sessions.user(id);
            if (id != null && resolved.isEmpty()) {
                clearCookie(ctx);
            }
            ctx.attribute(RESOLVED, resolved);
            ctx.attribute(Views.VIEWER, resolved.orElse(null));
            ctx.attribute(Csrf.BINDING, resolved.isPresent() ? id : "");
        }
        return resolved;
    }

    /** Before every request: who is signed in, so pages greet them and learners are keyed by account. */
    public void attach(Context ctx) {
        if (currentUser(ctx).isPresent() && !ctx.path().startsWith(Paths.STATIC + "/")) {
            // A signed-in page names its reader and carries their work: no shared or back-button cache may keep it.
            ctx.header("Cache-Control", "no-store");
        }
    }

    /** The learner key of the signed-in account, or null for a guest (see {@code Learners}). */
    public String learnerKey(Context ctx) {
        return currentUser(ctx).map(User::learnerKey).orElse(null);
    }

    /** A before-handler letting through only signed-in people with one of these roles. */
    public Handler requireRole(Role... roles) {
        String names = Arrays.stream(roles).map(r -> r.key() + "s").collect(Collectors.joining(" and "));
        return ctx -> {
            Optional<User> user = currentUser(ctx);
            if (user.isEmpty()) {
                if (wantsPage(ctx)) {
                    ctx.redirect(Paths.SIGN_IN + "?next=" + URLEncoder.encode(pathAndQuery(ctx), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
                } else {
                    errors.show(ctx, 401, "Sign in first", "Sign in to use " + ctx.path() + ".");
                }
                ctx.skipRemainingHandlers();
            } else if (!user.get().hasRole(roles)) {
                errors.show(ctx, 403, "Not allowed", "This is for " + names + "; you are signed in as a "
                        + user.get().role().key() + ".");
                ctx.skipRemainingHandlers();
            }
        };
    }

    /** A before-handler letting through anyone signed in. */
    public Handler requireSignIn() {
        return requireRole(Role.values());
    }

    /**
     * Signs this browser in: any session it had ends, a new id is issued (so an id planted before
     * sign-in is worthless), and the CSRF token is renewed.
     */
    void begin(Context ctx, User user) {
        sessions.end(ctx.cookie(COOKIE));
        String id = sessions.start(user.id());
        int lifetime = (int) Math.min(Integer.MAX_VALUE, sessions.policy().absolute().toSeconds());
        ctx.cookie(new Cookie(COOKIE, id, "/", lifetime, Requests.https(ctx), true, null, SameSite.LAX));
        ctx.attribute(RESOLVED, Optional.of(user));
        ctx.attribute(Views.VIEWER, user);
        ctx.attribute(Csrf.BINDING, id);
        csrf.renew(ctx);
    }

    /** Signs this browser out. */
    void end(Context ctx) {
        sessions.end(ctx.cookie(COOKIE));
        clearCookie(ctx);
        ctx.attribute(RESOLVED, Optional.empty());
        ctx.attribute(Views.VIEWER, null);
        ctx.attribute(Csrf.BINDING, "");
        csrf.renew(ctx); // the old token was bound to the session that just ended
    }

    /** Signs an account out everywhere, then signs this browser back in (after a password change). */
    void restartEverywhere(Context ctx, User user) {
        sessions.endAll(user.id());
        begin(ctx, user);
    }

    private static void clearCookie(Context ctx) {
        ctx.cookie(new Cookie(COOKIE, "", "/", 0, Requests.https(ctx), true, null, SameSite.LAX));
    }

    private static boolean wantsPage(Context ctx) {
        String accept = ctx.header("Accept");
        return "GET".equals(ctx.method().name()) && !ctx.path().startsWith("/api/") && (accept == null || accept.contains("text/html"));
    }

    private static String pathAndQuery(Context ctx) {
        return ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
    }
}
