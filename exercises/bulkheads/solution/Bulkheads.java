import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.rpc.RpcStatus;
import dev.loadbearing.sim.rpc.ServerCall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs inside service B. Each dependency gets its own compartment: at most a share of B's workers
 * (workers / dependencies) may wait for it at once. A call whose compartment is full fails at once
 * with RESOURCE_EXHAUSTED instead of taking a worker, so a dependency that hangs can hold only its
 * own share of the pool and the other endpoints keep theirs. A slot comes back when the call to the
 * dependency ends, however it ends (OK, error, timeout or CANCELLED). Each call also has a timeout
 * a little above the dependencies' normal tail (350 ms), so a hung call gives its slot back sooner.
 */
public final class Bulkheads {
    static final long TIMEOUT = Time.ms(400);

    private final Map<String, Integer> limit = new HashMap<>();
    private final Map<String, Integer> inUse = new HashMap<>();

    /**
     * @param workers how many workers B has, shared by every endpoint
     * @param dependencies the services B calls, one per endpoint
     */
    public Bulkheads(int workers, List<String> dependencies) {
        int each = Math.max(1, workers / dependencies.size());
        for (String dependency : dependencies) {
            limit.put(dependency, each);
            inUse.put(dependency, 0);
        }
    }

    /** Serves one call that needs {@code dependency}: ask its "Get" method for in.request() and reply with the answer. */
    public void serve(String dependency, ServerCall in) {
        int used = inUse.get(dependency);
        if (used >= limit.get(dependency)) {
            in.fail(RpcStatus.RESOURCE_EXHAUSTED);           // the compartment is full: fail fast, keep the worker free
            return;
        }
        inUse.put(dependency, used + 1);
        in.call(dependency, "Get", in.request(), 100, TIMEOUT, call -> {
            inUse.merge(dependency, -1, Integer::sum);       // the slot comes back however the call ended
            if (call.isOk()) {
                in.reply(call.value(), 400);
            } else {
                in.fail(RpcStatus.UNAVAILABLE);
            }
        });
    }
}
