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
 */
public final class Csrf {
    public static final String COOKIE = "lb_csrf";
    public static final String HEADER = "X-CSRF-Token";
    /** The template variable holding the token. */
    public static final String ATTRIBUTE = "csrfToken";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private final SecureRandom random = new SecureRandom();

    /** For pages: make sure the browser has a token, and hand it to the template. */
    public String token(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null || token.length() < 20) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            ctx.cookie(new Cookie(COOKIE, token, "/", -1, secure(ctx), true, null, SameSite.LAX));
        }
        return token;
    }

    /** Before state-changing API calls: refuse a browser request whose token does not match its cookie. */
    public void verify(Context ctx) {
        if (SAFE_METHODS.contains(ctx.method().name()) || ctx.header("Cookie") == null) {
            return;
        }
        String cookie = ctx.cookie(COOKIE);
        String header = ctx.header(HEADER);
        if (cookie == null || header == null || !MessageDigest.isEqual(
                cookie.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8))) {
            ctx.status(403).json(Map.of("status", 403, "error", "Missing or wrong CSRF token",
                    "message", "Browser requests must send the page's token in the " + HEADER + " header. Reload the page and try again."));
            ctx.skipRemainingHandlers();
        }
    }

    private static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
