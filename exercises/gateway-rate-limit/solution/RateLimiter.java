import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import dev.loadbearing.sim.store.Cache;

/**
 * A token bucket per API key, kept in a store that every gateway instance shares: the bucket
 * holds up to {@code burst} tokens, refills at {@code rate} per second, and each request takes
 * one. With no token left the answer is 429 with Retry-After: the whole seconds until one is back.
 */
public final class RateLimiter implements Filter {
    /** One key's bucket: tokens left at updatedAt, and whether the last request took one. */
    public record Bucket(double tokens, long updatedAt, boolean allowed) {
    }

    private final double rate;
    private final int burst;
    private final Cache<String, Bucket> store;

    public RateLimiter(double ratePerSecond, int burst, Cache<String, Bucket> store) {
        this.rate = ratePerSecond;
        this.burst = burst;
        this.store = store;
    }

    @Override
    public void handle(HttpRequest request, Exchange exchange) {
        String key = request.header("X-Api-Key");
        if (key == null) {
            key = "ip:" + request.client().ip();
        }
        long now = exchange.now();
        // One atomic step at the store: no other instance can read the bucket between our read and write.
        store.update(key, bucket -> take(bucket, now), reply -> {
            if (!reply.isOk()) {
                exchange.next();             // the store is down: fail open rather than refuse everyone
            } else if (reply.value().allowed()) {
                exchange.next();
            } else {
                double missing = 1 - reply.value().tokens();
                exchange.respond(HttpResponse.tooManyRequests((long) Math.max(1, Math.ceil(missing / rate))));
            }
        });
    }

    private Bucket take(Bucket bucket, long now) {
        if (bucket == null) {
            return new Bucket(burst - 1, now, true);
        }
        // Requests from other instances may reach the store out of order: time never runs backwards.
        long at = Math.max(now, bucket.updatedAt());
        double tokens = Math.min(burst, bucket.tokens() + (at - bucket.updatedAt()) / 1e9 * rate);
        return tokens >= 1 ? new Bucket(tokens - 1, at, true) : new Bucket(tokens, at, false);
    }
}
