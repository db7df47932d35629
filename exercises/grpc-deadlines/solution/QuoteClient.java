import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcClient;
import dev.loadbearing.sim.rpc.RpcStatus;
import java.util.function.Consumer;

/**
 * Gets a quote from the "quotes" service for a user who waits until a deadline. Each attempt has
 * its own short deadline, so a call that hangs is abandoned (and the service stops working on
 * it) while there is still time for another. Retries wait an exponential backoff with full
 * jitter, and come out of a retry budget: every user request earns a tenth of a retry, and the
 * budget saves at most BUDGET_CAP, so an outage gets about 10% more calls, never a storm.
 */
public final class QuoteClient {
    static final long ATTEMPT_TIMEOUT = Time.ms(80);
    static final long BACKOFF_BASE = Time.ms(40);
    static final long BACKOFF_CAP = Time.ms(320);
    static final double RETRY_RATIO = 0.1;
    static final double BUDGET_CAP = 20;
    /** An attempt with less time than this left is not worth starting. */
    static final long SHORTEST_ATTEMPT = Time.ms(15);

    private final RpcClient client;
    private final RandomStream random;
    private double budget = BUDGET_CAP;

    public QuoteClient(RpcClient client, RandomStream random) {
        this.client = client;
        this.random = random;
    }

    /** Gets one quote: calls done exactly once, by the deadline, with the call whose answer the user gets. */
    public void getQuote(long deadline, Consumer<Call> done) {
        budget = Math.min(BUDGET_CAP, budget + RETRY_RATIO);
        attempt(deadline, done, 0);
    }

    private void attempt(long deadline, Consumer<Call> done, int retries) {
        long left = deadline - client.now();
        client.call("quotes", "GetQuote", 200, Math.min(ATTEMPT_TIMEOUT, left), call -> {
            if (call.isOk() || !retryable(call.status())) {
                done.accept(call);
                return;
            }
            long ceiling = Math.min(BACKOFF_CAP, BACKOFF_BASE << Math.min(retries, 10));
            long wait = (long) (random.nextDouble() * ceiling);          // full jitter: anywhere in [0, ceiling)
            if (budget < 1 || client.now() + wait + SHORTEST_ATTEMPT > deadline) {
                done.accept(call);                                      // give up now: fail fast
                return;
            }
            budget -= 1;
            client.after(wait, () -> attempt(deadline, done, retries + 1));
        });
    }

    /** Worth trying again: the service did nothing (UNAVAILABLE) or the attempt hung (a read is safe to repeat). */
    private static boolean retryable(RpcStatus status) {
        return status == RpcStatus.UNAVAILABLE || status == RpcStatus.DEADLINE_EXCEEDED;
    }
}
