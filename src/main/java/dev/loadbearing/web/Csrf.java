package dev.loadbearing.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Cross-site request forgery protection by double submit: pages give the browser a random token
 * in an HttpOnly cookie and in a {@code <meta name="csrf-token">} tag; the page's scripts send it
 * back in the {@value #HEADER} header, which another site cannot read or forge. A request that
 * carries no cookie at all (a script, {@code curl}) has no ambient credentials to abuse and needs
 * no token.
 *
 * <p>HTML forms carry the same token in a hidden {@value #FIELD} field, and their handlers check
 * it with {@link #matchesForm} whether or not the request has cookies: a form post from another
 * site must never sign someone in or out.
 */
public final class Csrf {
    public static final String COOKIE = "lb_csrf";
    public static final String HEADER = "X-CSRF-Token";
    /** The hidden form field holding the token. */
    public static final String FIELD = "_csrf";
    /** The template variable holding the token. */
    public static final String ATTRIBUTE = "csrfToken";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private final SecureRandom random = new SecureRandom();

    /** For pages: make sure the browser has a token, and hand it to the template. */
    public String token(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null || token.length() < 20) {
            token = renew(ctx);
        }
        return token;
    }

    /** Gives the browser a fresh token, as at sign-in: a token planted before it is worth nothing after. */
    public String renew(Context ctx) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.cookie(new Cookie(COOKIE, token, "/", -1, Requests.https(ctx), true, null, SameSite.LAX));
        return token;
    }

    /** Whether a form post carries the token of its cookie in the {@value #FIELD} field. */
    public boolean matchesForm(Context ctx) {
        return same(ctx.cookie(COOKIE), ctx.formParam(FIELD));
    }

    /** Before state-changing API calls: refuse a browser request whose token does not match its cookie. */
    public void verify(Context ctx) {
        if (SAFE_METHODS.contains(ctx.method().name()) || ctx.header("Cookie") == null) {
            return;
        }
        if (!same(ctx.cookie(COOKIE), ctx.header(HEADER))) {
            ctx.status(403).json(Map.of("status", 403, "error", "Missing or wrong CSRF token",
                    "message", "Browser requests must send the page's token in the " + HEADER + " header. Reload the page and try again."));
            ctx.skipRemainingHandlers();
        }
    }

    private static boolean same(String cookie, String sent) {
        return cookie != null && sent != null && cookie.length() >= 20
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
