package dev.loadbearing.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The headers every answer carries, pages and errors alike, in one place: Javalin's handlers add
 * them with {@link #add(Context)}, and {@link JettyErrors} adds them to the error pages Jetty
 * writes itself (a malformed request never reaches Javalin).
 */
public final class SecurityHeaders {
    public static final Map<String, String> HEADERS;

    static {
        var headers = new LinkedHashMap<String, String>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        headers.put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        HEADERS = Map.copyOf(headers);
    }

    private SecurityHeaders() {
    }

    public static void add(Context ctx) {
        HEADERS.forEach(ctx::header);
    }

    /** Jetty's own error pages (400 for a request it cannot parse, and the like), with the same headers. */
    public static final class JettyErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
            return super.handle(request, response, callback);
        }
    }
}
