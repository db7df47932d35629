package dev.loadbearing.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;
import org.slf4j.MDC;

/**
 * Who sent a request, when proxies stand between: the addresses of the proxies this server trusts
 * (nginx, a cloud load balancer), and from them the client's address in {@code X-Forwarded-For},
 * the scheme in {@code X-Forwarded-Proto} and the request id in {@code X-Request-Id}. Headers from
 * any other sender are ignored: anyone can write them, so believing them would let a learner
 * choose the address their rate limits are counted by.
 *
 * <p>A {@code before} handler ({@link #attach}) works the facts out once per request and puts the
 * request id in the logging context ({@value #LOG_KEY}), so every line logged for the request
 * carries it, and in the {@value #REQUEST_ID} response header.
 */
public final class Proxies {
    public static final String REQUEST_ID = "X-Request-Id";
    public static final String LOG_KEY = "request_id";
    private static final String CLIENT = "loadbearing.client";
    private static final String HTTPS = "loadbearing.https";
    private static final String ID = "loadbearing.request-id";
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Loopback: a proxy on the same machine (the usual nginx set-up), trusted unless told otherwise. */
    public static final List<String> DEFAULT = List.of("127.0.0.0/8", "::1");

    private final InetAddressSet trusted = new InetAddressSet();
    private final List<String> described;

    /**
     * @param trusted addresses and ranges: {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code 10.0.0.1-10.0.0.9}, {@code ::1}
     * @throws IllegalArgumentException naming the entry it cannot read
     */
    public Proxies(List<String> trusted) {
        var names = new ArrayList<String>();
        for (String entry : trusted) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            try {
                this.trusted.add(e);
            } catch (RuntimeException bad) {
                throw new IllegalArgumentException("cannot read the trusted proxy '" + e + "': give an address (10.0.0.5), "
                        + "a range (10.0.0.0/8) or a list of them separated by commas");
            }
            names.add(e);
        }
        this.described = List.copyOf(names);
    }

    /** From a comma-separated list; blank or null means the default (loopback only); {@code none} trusts nobody. */
    public static Proxies parse(String list) {
        if (list == null || list.isBlank()) {
            return new Proxies(DEFAULT);
        }
        if (list.trim().toLowerCase(Locale.ROOT).equals("none")) {
            return new Proxies(List.of());
        }
        return new Proxies(List.of(list.split(",")));
    }

    public List<String> trusted() {
        return described;
    }

    boolean trusts(String address) {
        try {
            // Literal addresses only: getByName on a literal does no lookup.
            return address != null && !address.isBlank() && looksLikeAnAddress(address) && trusted.test(InetAddress.getByName(address));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean looksLikeAnAddress(String s) {
        return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }

    /** Works out the client, the scheme and the request id of a request (a {@code before} handler). */
    public void attach(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        boolean viaProxy = trusts(peer);
        String client = peer;
        if (viaProxy) {
            // Right to left: the last address no trusted proxy added is the client's.
            List<String> hops = new ArrayList<>();
            for (String header : ctx.req().getHeaders("X-Forwarded-For") == null ? List.<String>of()
                    : java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For"))) {
                for (String hop : header.split(",")) {
                    hops.add(hop.trim());
                }
            }
            for (int i = hops.size() - 1; i >= 0; i--) {
                String hop = hops.get(i);
                if (!looksLikeAnAddress(hop)) {
                    break; // garbage (or a name): stop at the last address we could check
                }
                client = hop;
                if (!trusts(hop)) {
                    break;
                }
            }
        }
        ctx.attribute(CLIENT, client);
        ctx.attribute(HTTPS, "https".equalsIgnoreCase(ctx.scheme())
                || (viaProxy && "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"))));
        String id = viaProxy ? ctx.header(REQUEST_ID) : null;
        if (id == null || !VALID_ID.matcher(id).matches()) {
            id = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        }
        ctx.attribute(ID, id);
        ctx.header(REQUEST_ID, id);
        MDC.put(LOG_KEY, id);
    }

    /** Forgets the request id in the logging context once the request is done (from the request logger). */
    public static void detach() {
        MDC.remove(LOG_KEY);
    }

    /** The client's address: the peer's, or the one a trusted proxy says it forwarded for. */
    public static String client(Context ctx) {
        String client = ctx.attribute(CLIENT);
        return client != null ? client : ctx.req().getRemoteAddr();
    }

    /** Whether the browser reached us over HTTPS, directly or through a trusted proxy that says so. */
    public static boolean https(Context ctx) {
        Boolean https = ctx.attribute(HTTPS);
        return https != null ? https : "https".equalsIgnoreCase(ctx.scheme());
    }

    /** This request's id (from a trusted proxy's {@code X-Request-Id}, or made up here). */
    public static String requestId(Context ctx) {
        return ctx.attribute(ID);
    }
}
