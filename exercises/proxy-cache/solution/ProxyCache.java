import dev.loadbearing.sim.http.CacheControl;
import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching reverse proxy in front of one origin, shared by every user. It answers from its copy
 * of a response while the origin's Cache-Control says the copy is fresh, never stores what the
 * origin forbids a shared cache to keep, and when the origin fails it serves a stale copy only as
 * far as stale-if-error allows.
 */
public final class ProxyCache implements Filter {
    private static final long SECOND = 1_000_000_000L;

    /** A stored response, when it arrived, and how long it may be served fresh and stale on error. */
    private record Entry(HttpResponse response, long storedAt, long freshFor, long staleIfErrorFor) {
        long age(long now) {
            return now - storedAt;
        }
    }

    private final String origin;
    private final Map<String, Entry> entries = new HashMap<>();

    public ProxyCache(String origin) {
        this.origin = origin;
    }

    @Override
    public void handle(HttpRequest request, Exchange exchange) {
        if (!request.method().equals("GET")) {
            exchange.forward(origin); // only safe methods are answered from a cache
            return;
        }
        String key = "GET " + request.path();
        Entry entry = entries.get(key);
        if (entry != null && entry.age(exchange.now()) < entry.freshFor()) {
            exchange.respond(withAge(entry, exchange.now()));
            return;
        }
        exchange.forward(origin, upstream -> {
            long now = exchange.now();
            if (upstream.isSuccess()) {
                Entry stored = storable(request, upstream, now);
                if (stored != null) {
                    entries.put(key, stored);
                } else {
                    entries.remove(key);
                }
                return upstream;
            }
            Entry stale = entries.get(key);
            if (upstream.status() >= 500 && stale != null && stale.age(now) <= stale.freshFor() + stale.staleIfErrorFor()) {
                return withAge(stale, now);
            }
            return upstream;
        });
    }

    /** What a shared cache may keep of a response (RFC 9111 §3 and §3.5), or null. */
    private static Entry storable(HttpRequest request, HttpResponse response, long now) {
        CacheControl cc = response.cacheControl();
        if (response.status() != HttpResponse.OK || cc.noStore() || cc.noCache() || cc.isPrivate()) {
            return null;
        }
        if (request.header("Authorization") != null && !(cc.isPublic() || cc.sMaxAge() >= 0 || cc.mustRevalidate())) {
            return null;
        }
        long lifetime = cc.sharedMaxAge();
        if (lifetime <= 0) {
            return null; // no explicit freshness: like nginx, cache only what the origin allows
        }
        long staleIfError = cc.staleIfError() < 0 || cc.mustRevalidate() ? 0 : cc.staleIfError();
        return new Entry(response, now, lifetime * SECOND, staleIfError * SECOND);
    }

    private static HttpResponse withAge(Entry entry, long now) {
        return entry.response().withHeader("Age", Long.toString(entry.age(now) / SECOND));
    }
}
