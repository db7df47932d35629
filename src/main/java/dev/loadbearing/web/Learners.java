package dev.loadbearing.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who is learning: until accounts exist, a browser is a guest with a random id in a long-lived
 * HttpOnly cookie, so its runs, submissions and unlocked solutions belong together.
 */
public final class Learners {
    public static final String COOKIE = "lb_learner";
    private static final int ONE_YEAR = 365 * 24 * 3600;
    private final SecureRandom random = new SecureRandom();

    /** The learner of this request, or null for a client that sends no cookies (a script). */
    public String current(Context ctx) {
        String id = ctx.cookie(COOKIE);
        return id != null && id.matches("guest-[0-9a-f]{32}") ? id : null;
    }

    /** The learner of this request, making the browser a guest when it is not one yet. */
    public String currentOrNew(Context ctx) {
        String id = current(ctx);
        if (id == null && ctx.header("Cookie") != null) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            id = "guest-" + HexFormat.of().formatHex(bytes);
            boolean secure = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
            ctx.cookie(new Cookie(COOKIE, id, "/", ONE_YEAR, secure, true, null, SameSite.LAX));
        }
        return id;
    }
}
