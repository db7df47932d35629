import dev.loadbearing.sim.http.CacheControl;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;

/**
 * A caching reverse proxy in front of one origin, shared by every user. It answers from its copy
 * of a response while the origin's Cache-Control says the copy is fresh, never stores what the
 * origin forbids a shared cache to keep, and when the origin fails it serves a stale copy only as
 * far as stale-if-error allows.
 */
public final class ProxyCache implements Filter {
    private final String origin;

    public ProxyCache(String origin) {
        this.origin = origin;
    }

    @Override
    public void handle(HttpRequest request, Exchange exchange) {
        // Sends every request to the origin: nothing is cached, so the origin does all the work.
        // Keep copies of what may be shared (CacheControl.of(response) reads the directives),
        // answer from a fresh copy with exchange.respond(...), and see the origin's answer with
        // exchange.forward(origin, upstream -> { ...; return whatTheClientGets; }).
        exchange.forward(origin);
    }
}
