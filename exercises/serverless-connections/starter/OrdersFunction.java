import dev.loadbearing.sim.function.DbConnection;
import dev.loadbearing.sim.function.FunctionCode;
import dev.loadbearing.sim.function.InstanceContext;
import dev.loadbearing.sim.function.Invocation;

/**
 * The orders function: every invocation runs one query against the orders database. The
 * platform makes one object of this class per instance, calls init() once when the instance
 * starts and handle() for every invocation it serves, one at a time.
 */
public final class OrdersFunction implements FunctionCode {

    @Override
    public void init(InstanceContext instance) {
        // Nothing is prepared: every invocation starts from scratch.
    }

    @Override
    public void handle(Invocation invocation) {
        // Opens a connection per invocation, queries and closes it: each invocation pays the
        // connect time, and every instance running holds a connection, however many run.
        DbConnection connection = invocation.database().connect();
        invocation.query(connection);
        connection.close();
    }
}
