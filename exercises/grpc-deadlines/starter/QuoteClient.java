import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcClient;
import java.util.function.Consumer;

/**
 * Gets a quote from the "quotes" service (method "GetQuote", a 200-byte request) for a user who
 * waits until a deadline. The service usually answers in 10-50 ms, but a few calls hang for
 * seconds, and now and then the whole service is down.
 */
public final class QuoteClient {
    private final RpcClient client;
    private final RandomStream random;

    public QuoteClient(RpcClient client, RandomStream random) {
        this.client = client;
        this.random = random;
    }

    /**
     * Gets one quote. Call done.accept(call) exactly once, no later than deadline (nanoseconds,
     * like client.now()), with the call whose answer the user gets.
     */
    public void getQuote(long deadline, Consumer<Call> done) {
        // One call without a deadline (timeout 0): a call that hangs keeps the user waiting, and
        // a failure is never tried again. Give each attempt its own timeout, retry what is worth
        // retrying after a backoff (client.after(delay, ...)), and keep retries within a budget.
        client.call("quotes", "GetQuote", 200, 0, done);
    }
}
