package dev.loadbearing.web;

import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Error responses a person can read: HTML pages for browsers, JSON for API and script clients. */
public final class ErrorPages {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
    private static final String SHOWN = "loadbearing.error-page-shown";
    private final Views views;

    public ErrorPages(Views views) {
        this.views = views;
    }

    /** Javalin's 404 fallback: replaces its plain text with our page, unless a handler already showed one. */
    public void notFound(Context ctx) {
        if (Boolean.TRUE.equals(ctx.attribute(SHOWN))) {
            return;
        }
        show(ctx, 404, "Page not found",
                "There is no page at " + ctx.path() + ". It may have moved, or the link may have a typo.");
    }

    /**
     * Javalin's handler for uncaught exceptions. It must never throw itself: an exception from a
     * request whose response is already gone (a stream the client closed, a server stopping) is
     * logged once in a line, and nothing is written.
     */
    public void serverError(Exception e, Context ctx) {
        String request;
        try {
            request = ctx.method() + " " + ctx.path();
            ctx.res();
        } catch (RuntimeException gone) {
            LOG.warn("a request failed after its response was closed: {}", e.toString());
            return;
        }
        LOG.error("{} failed", request, e);
        try {
            show(ctx, 500, "Something went wrong",
                    "The server could not finish this request. It has been logged; try again in a moment.");
        } catch (RuntimeException unwritable) {
            LOG.warn("the error page for {} could not be written: {}", request, unwritable.toString());
        }
    }

    /** Shows a plain error with a title and an explanation, in the form the client asked for. */
    public void show(Context ctx, int status, String title, String message) {
        ctx.attribute(SHOWN, true);
        if (wantsJson(ctx)) {
            ctx.status(status).json(Map.of("status", status, "error", title, "message", message));
        } else {
            try {
                views.page(ctx, status, Paths.Template.ERROR, Map.of("status", status, "title", title, "message", message));
            } catch (RuntimeException e) {
                LOG.error("the error page itself failed", e);
                ctx.status(status).contentType("text/plain; charset=utf-8").result(title + "\n\n" + message + "\n");
            }
        }
    }

    private static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.path().startsWith("/api/") || (accept != null && accept.contains("application/json") && !accept.contains("text/html"));
    }
}
