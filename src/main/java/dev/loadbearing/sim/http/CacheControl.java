package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The directives of a response's {@code Cache-Control} header (RFC 9111 section 5.2.2, and
 * {@code stale-if-error} from RFC 5861), parsed: what the origin allows caches to do with it.
 * This type only reads the header; what a cache does with the directives is the cache's job.
 *
 * <ul>
 *   <li>{@code public}: any cache may store it, even a response to a request with
 *       {@code Authorization}.</li>
 *   <li>{@code private}: meant for one user; a shared cache (a proxy, a CDN) must not store it,
 *       the user's browser may.</li>
 *   <li>{@code no-store}: no cache may keep it at all.</li>
 *   <li>{@code no-cache}: a cache may keep it but must check with the origin before every reuse.</li>
 *   <li>{@code max-age=N}: fresh for N seconds after the origin made it; {@code s-maxage=N}
 *       overrides it for shared caches (and, like {@code public}, lets them store a response to
 *       an authorized request).</li>
 *   <li>{@code must-revalidate}: once stale, never serve it without the origin's say-so, even
 *       when the origin is unreachable.</li>
 *   <li>{@code stale-if-error=N}: when the origin fails, a stale copy may still be served for up to
 *       N seconds past its freshness.</li>
 * </ul>
 *
 * <p>Directive names are read without regard to case, values may be quoted, unknown directives
 * are ignored, and when a directive appears twice the first counts. A number that is not a
 * non-negative integer counts as 0, which makes the response stale at once (RFC 9111 asks
 * caches to treat invalid freshness information as stale).
 *
 * <pre>{@code
 * CacheControl cc = CacheControl.parse("public, max-age=60, stale-if-error=300");
 * cc.isPublic();             // true
 * cc.maxAge();               // 60
 * cc.sharedMaxAge();         // 60 (no s-maxage)
 * cc.staleIfError();         // 300
 * CacheControl.parse(null).maxAge();   // -1: no such directive
 * }</pre>
 *
 * @param isPublic the {@code public} directive
 * @param isPrivate the {@code private} directive
 * @param noStore the {@code no-store} directive
 * @param noCache the {@code no-cache} directive
 * @param mustRevalidate the {@code must-revalidate} directive
 * @param maxAge seconds of {@code max-age}, or -1 if absent
 * @param sMaxAge seconds of {@code s-maxage}, or -1 if absent
 * @param staleIfError seconds of {@code stale-if-error}, or -1 if absent
 */
@LearnerApi(allMembers = true)
public record CacheControl(boolean isPublic, boolean isPrivate, boolean noStore, boolean noCache,
        boolean mustRevalidate, long maxAge, long sMaxAge, long staleIfError) {
    /** A header without directives: nothing said, nothing allowed explicitly. */
    public static final CacheControl NONE = new CacheControl(false, false, false, false, false, -1, -1, -1);

    /** Checks that the seconds are -1 (absent) or more. */
    public CacheControl {
        if (maxAge < -1 || sMaxAge < -1 || staleIfError < -1) {
            throw new IllegalArgumentException("seconds are -1 (absent) or at least 0");
        }
    }

    /**
     * Parses a {@code Cache-Control} header's value.
     *
     * @param header such as {@code "public, max-age=60"}; {@code null} or blank gives {@link #NONE}
     * @return the directives
     */
    public static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean isPublic = false;
        boolean isPrivate = false;
        boolean noStore = false;
        boolean noCache = false;
        boolean mustRevalidate = false;
        long maxAge = -1;
        long sMaxAge = -1;
        long staleIfError = -1;
        for (String part : header.split(",")) {
            String directive = part.trim();
            if (directive.isEmpty()) {
                continue;
            }
            int equals = directive.indexOf('=');
            String name = (equals < 0 ? directive : directive.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? null : directive.substring(equals + 1).trim();
            switch (name) {
                case "public" -> isPublic = true;
                case "private" -> isPrivate = true;
                case "no-store" -> noStore = true;
                case "no-cache" -> noCache = true;
                case "must-revalidate" -> mustRevalidate = true;
                case "max-age" -> maxAge = maxAge >= 0 ? maxAge : seconds(value);
                case "s-maxage" -> sMaxAge = sMaxAge >= 0 ? sMaxAge : seconds(value);
                case "stale-if-error" -> staleIfError = staleIfError >= 0 ? staleIfError : seconds(value);
                default -> {
                    // an extension this model does not know: ignored, as HTTP asks
                }
            }
        }
        return new CacheControl(isPublic, isPrivate, noStore, noCache, mustRevalidate, maxAge, sMaxAge, staleIfError);
    }

    private static long seconds(String value) {
        if (value == null) {
            return 0;
        }
        String digits = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(digits);
    }

    /**
     * Returns the directives of a response's {@code Cache-Control} header.
     *
     * @param response the response
     * @return its directives, {@link #NONE} without the header
     */
    public static CacheControl of(HttpResponse response) {
        return parse(response.header("Cache-Control"));
    }

    /**
     * Returns how long a shared cache may treat the response as fresh: {@code s-maxage} if
     * present, otherwise {@code max-age}.
     *
     * @return seconds, or -1 when the response says neither
     */
    public long sharedMaxAge() {
        return sMaxAge >= 0 ? sMaxAge : maxAge;
    }

    /**
     * Returns the directives as a header value, in a fixed order.
     *
     * @return such as {@code "public, max-age=60"}; empty for {@link #NONE}
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (isPublic) {
            parts.add("public");
        }
        if (isPrivate) {
            parts.add("private");
        }
        if (noStore) {
            parts.add("no-store");
        }
        if (noCache) {
            parts.add("no-cache");
        }
        if (mustRevalidate) {
            parts.add("must-revalidate");
        }
        if (maxAge >= 0) {
            parts.add("max-age=" + maxAge);
        }
        if (sMaxAge >= 0) {
            parts.add("s-maxage=" + sMaxAge);
        }
        if (staleIfError >= 0) {
            parts.add("stale-if-error=" + staleIfError);
        }
        return String.join(", ", parts);
    }
}
