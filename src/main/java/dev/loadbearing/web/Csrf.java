package dev.loadbearing.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cross-site request forgery protection by a <b>signed double submit</b> (OWASP's "signed
 * double-submit cookie"): pages give the browser a token in an HttpOnly cookie and in a
 * {@code <meta name="csrf-token">} tag; the page's scripts send it back in the {@value #HEADER}
 * header, which another site cannot read. A token is {@code nonce.mac}, the mac an HMAC-SHA256
 * of the nonce and the browser's session id under the server's key, so a token is worth
 * something only to the session it was made for: a value an attacker plants in the cookie (from
 * a sibling subdomain, or over plain HTTP) is refused, and so is a token of the attacker's own
 * session. Over HTTPS the cookie is named {@value #SECURE_COOKIE}, which browsers accept only from
 * the site itself over HTTPS, with no Domain. A request that carries no cookie at all (a script,
 * {@code curl}) has no ambient credentials to abuse and needs no token.
 *
 * <p>HTML forms carry the same token in a hidden {@value #FIELD} field, and their handlers check
 * it with {@link #matchesForm} whether or not the request has cookies: a form post from another
 * site must never sign someone in or out.
 *
 * <p>The session a token is bound to is read from the request attribute {@value #BINDING}
 * ({@code Sessions} sets it before every request, and again when it signs a browser in or out);
 * without it a token is bound to no session, as a guest's is.
 */
public final class Csrf {
    public static final String COOKIE = "lb_csrf";
    /** The cookie's name over HTTPS: the {@code __Host-} prefix keeps subdomains and plain HTTP from setting it. */
    public static final String SECURE_COOKIE = "__Host-lb_csrf";
    public static final String HEADER = "X-CSRF-Token";
    /** The hidden form field holding the token. */
    public static final String FIELD = "_csrf";
    /** The template variable holding the token. */
    public static final String ATTRIBUTE = "csrfToken";
    /** The request attribute naming the session a token is bound to (a session id, or empty for a guest). */
    public static final String BINDING = "loadbearing.csrf-binding";
    private static final String ISSUED = "loadbearing.csrf-issued";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final int NONCE_BYTES = 16;
    private static final int MAC_BYTES = 16;
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    /** @param key the server's signing key, the same on every node (see {@code SecretDao}) */
    public Csrf(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a CSRF key needs at least 256 bits");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The cookie this request's token lives in: {@value #SECURE_COOKIE} over HTTPS, {@value #COOKIE} over HTTP. */
    public static String cookieName(Context ctx) {
        return Requests.https(ctx) ? SECURE_COOKIE : COOKIE;
    }

    /** For pages: make sure the browser has a token good for its session, and hand it to the template. */
    public String token(Context ctx) {
        String issued = ctx.attribute(ISSUED);
        if (issued != null) {
            return issued;
        }
        String token = ctx.cookie(cookieName(ctx));
        return valid(ctx, token) ? token : renew(ctx);
    }

    /** Gives the browser a fresh token for its session, as at sign-in: a token made before it is worth nothing after. */
    public String renew(Context ctx) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        String token = encoded + "." + mac(binding(ctx), encoded);
        ctx.cookie(new Cookie(cookieName(ctx), token, "/", -1, Requests.https(ctx), true, null, SameSite.LAX));
        ctx.attribute(ISSUED, token);
        return token;
    }

    /** Whether a form post carries its cookie's token in the {@value #FIELD} field, made for this session. */
    public boolean matchesForm(Context ctx) {
        String cookie = ctx.cookie(cookieName(ctx));
        return same(cookie, ctx.formParam(FIELD)) && valid(ctx, cookie);
    }

    /** Before state-changing API calls: refuse a browser request whose token is missing, differs from its cookie, or is not its session's. */
    public void verify(Context ctx) {
        if (SAFE_METHODS.contains(ctx.method().name()) || ctx.header("Cookie") == null) {
            return;
        }
        String cookie = ctx.cookie(cookieName(ctx));
        if (!same(cookie, ctx.header(HEADER)) || !valid(ctx, cookie)) {
            ctx.status(403).json(Map.of("status", 403, "error", "Missing or wrong CSRF token",
                    "message", "Browser requests must send the page's token in the " + HEADER + " header. Reload the page and try again."));
            ctx.skipRemainingHandlers();
        }
    }

    private boolean valid(Context ctx, String token) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return false;
        }
        String expected = mac(binding(ctx), token.substring(0, dot));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private static String binding(Context ctx) {
        String session = ctx.attribute(BINDING);
        return session == null ? "" : session;
    }

    private String mac(String session, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal((session + "\n" + nonce).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static boolean same(String cookie, String sent) {
        return cookie != null && sent != null
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
