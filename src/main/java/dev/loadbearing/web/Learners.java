package dev.loadbearing.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Who is learning: a signed-in account ({@code user-<id>}), or else a guest: a browser with a
 * random id in a long-lived HttpOnly cookie, so its runs, submissions and unlocked solutions
 * belong together until it signs up and they move into the account.
 */
public final class Learners {
    public static final String COOKIE = "lb_learner";
    private static final int ONE_YEAR = 365 * 24 * 3600;
    private final SecureRandom random = new SecureRandom();
    private final Function<Context, String> account;

    /** @param account the learner key of the request's signed-in account, or null for a guest */
    public Learners(Function<Context, String> account) {
        this.account = account;
    }

    /** The learner of this request, or null for a guest client that sends no cookies (a script). */
    public String current(Context ctx) {
        String signedIn = account.apply(ctx);
        return signedIn != null ? signedIn : guest(ctx);
    }

    /** The learner of this request, making the browser a guest when it is neither signed in nor a guest yet. */
    public String currentOrNew(Context ctx) {
        String id = current(ctx);
        if (id == null && ctx.header("Cookie") != null) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            id = "guest-" + HexFormat.of().formatHex(bytes);
            ctx.cookie(new Cookie(COOKIE, id, "/", ONE_YEAR, Requests.https(ctx), true, null, SameSite.LAX));
        }
        return id;
    }

    /** The browser's guest id, signed in or not, or null. */
    public String guest(Context ctx) {
        String id = ctx.cookie(COOKIE);
        return id != null && id.matches("guest-[0-9a-f]{32}") ? id : null;
    }

    /** Drops the guest id once its work has moved into an account, so it is never reused. */
    public void forgetGuest(Context ctx) {
        if (guest(ctx) != null) {
            ctx.cookie(new Cookie(COOKIE, "", "/", 0, Requests.https(ctx), true, null, SameSite.LAX));
        }
    }
}
