import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.store.Cache;

/**
 * A rate limiter per API key (the X-Api-Key header): at most ratePerSecond requests a second on
 * average, with bursts of up to burst at once, across every gateway instance that shares the
 * store. A request over the limit gets 429 Too Many Requests with Retry-After.
 */
public final class RateLimiter implements Filter {
    /** What the store keeps per key. Change the fields as you need; keep the record's name. */
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
        // Lets everything through. Keep a token bucket per key in the store, and answer
        // HttpResponse.tooManyRequests(seconds) when it is empty.
        exchange.next();
    }
}
