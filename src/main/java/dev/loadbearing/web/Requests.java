package dev.loadbearing.web;

import io.javalin.http.Context;

/** Facts about a request that several filters need. */
public final class Requests {
    private Requests() {}

    /** Whether the browser reached us over HTTPS, directly or through a trusted proxy that says so ({@link Proxies}). */
    public static boolean https(Context ctx) {
        return Proxies.https(ctx);
    }
}
