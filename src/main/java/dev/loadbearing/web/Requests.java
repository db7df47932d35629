package dev.loadbearing.web;

import io.javalin.http.Context;

/** Facts about a request that several filters need. */
public final class Requests {
    private Requests() {}

    /** Whether the browser reached us over HTTPS, directly or through a proxy that says so. */
    public static boolean https(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
