import dev.loadbearing.sim.rpc.RpcStatus;
import dev.loadbearing.sim.rpc.ServerCall;
import java.util.List;

/**
 * Runs inside service B. B has one endpoint per dependency (GetInventory needs inventory, GetPricing
 * needs pricing, ...), and serves each call by asking that dependency and answering with what it
 * said. All endpoints share B's pool of workers, and a call waiting for a dependency holds its
 * worker. As it stands every call may wait (as long as A does) and nothing limits how many wait
 * for one dependency: when one dependency hangs, its calls take every worker and the endpoints
 * that do not need it fail too. Give each dependency its own compartment.
 */
public final class Bulkheads {
    private final int workers;
    private final List<String> dependencies;

    /**
     * @param workers how many workers B has, shared by every endpoint
     * @param dependencies the services B calls, one per endpoint
     */
    public Bulkheads(int workers, List<String> dependencies) {
        this.workers = workers;
        this.dependencies = dependencies;
    }

    /** Serves one call that needs {@code dependency}: ask its "Get" method for in.request() and reply with the answer. */
    public void serve(String dependency, ServerCall in) {
        // timeout 0: as long as the caller (A) has left
        in.call(dependency, "Get", in.request(), 100, 0, call -> {
            if (call.isOk()) {
                in.reply(call.value(), 400);
            } else {
                in.fail(RpcStatus.UNAVAILABLE);
            }
        });
    }
}
