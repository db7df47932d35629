import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcStatus;
import dev.loadbearing.sim.rpc.ServerCall;

/**
 * Runs inside service B. For each GetProfile call B serves, it asks service C for the user's
 * recommendations and answers with them. As it stands it trusts C completely: no timeout of its
 * own (a call to C waits as long as A does, holding one of B's 8 workers), no retry, no breaker.
 * Protect B and A from C: a short timeout per attempt, a few retries out of a budget, and a
 * circuit breaker that fails fast while C is sick and closes again when C is back.
 */
public final class ChainGuard {
    private final RandomStream random;

    public ChainGuard(RandomStream random) {
        this.random = random;
    }

    /** Serves one GetProfile call: reply with C's answer, or fail. */
    public void serve(ServerCall in) {
        // timeout 0: as long as the caller (A) has left
        in.call("c", "GetRecommendations", in.request(), 100, 0, call -> {
            if (call.isOk()) {
                in.reply(call.value(), 800);
            } else {
                in.fail(RpcStatus.UNAVAILABLE);
            }
        });
    }

    /** The breaker's state at a time, for the figure: "closed", "open" or "half-open". */
    public String state(long now) {
        return "closed";
    }
}
