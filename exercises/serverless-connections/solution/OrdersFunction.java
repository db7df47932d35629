import dev.loadbearing.sim.function.ConnectionPool;
import dev.loadbearing.sim.function.FunctionCode;
import dev.loadbearing.sim.function.InstanceContext;
import dev.loadbearing.sim.function.Invocation;

/**
 * Connects once per instance and caps the instances. The pool is made in init(), outside the
 * handler, so its connection is paid for once, during the cold start, and reused by every warm
 * invocation; it holds one connection, because an instance serves one invocation at a time. The
 * reserved concurrency keeps the instances, and so the connections, at 80% of what the database
 * accepts, leaving room for other clients: a surge beyond it is throttled at the function, where
 * callers can retry, instead of failing inside the database.
 */
public final class OrdersFunction implements FunctionCode {
    private ConnectionPool pool;

    @Override
    public void init(InstanceContext instance) {
        pool = instance.database().pool(1);
    }

    @Override
    public void handle(Invocation invocation) {
        invocation.query(pool);
    }

    @Override
    public int reservedConcurrency(int databaseConnectionLimit) {
        return Math.max(1, databaseConnectionLimit * 8 / 10);
    }
}
