import dev.loadbearing.sim.store.Cell;
import dev.loadbearing.sim.store.WideColumnStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stores and reads accounts' activity timelines in a wide-column store. Each app server has its
 * own ActivityFeed; they share the store and nothing else.
 */
public final class ActivityFeed {
    private final WideColumnStore<Activity> store;

    public ActivityFeed(WideColumnStore<Activity> store) {
        this.store = store;
    }

    /** Stores one entry of an account's timeline; calls done(true) once it is stored. */
    public void record(Account account, Activity activity, Consumer<Boolean> done) {
        // One partition per account: every write to a celebrity's timeline lands on one partition.
        store.put(account.name(), activity.id(), activity, reply -> done.accept(reply.isOk()));
    }

    /** Reads the account's newest entries, at most limit of them, newest first, from one partition. */
    public void newest(Account account, int limit, Consumer<List<Activity>> reply) {
        store.query(account.name(), limit, rows -> {
            List<Activity> entries = new ArrayList<>();
            if (rows.isOk()) {
                for (Cell<Activity> row : rows.value()) {
                    entries.add(row.value());
                }
            }
            reply.accept(entries);
        });
    }
}
