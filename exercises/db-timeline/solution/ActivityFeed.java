import dev.loadbearing.sim.store.Cell;
import dev.loadbearing.sim.store.WideColumnStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stores and reads accounts' activity timelines in a wide-column store. Each app server has its
 * own ActivityFeed; they share the store and nothing else.
 *
 * <p>An ordinary account's timeline is one partition, read whole and in order. A timeline that
 * takes more writes than about half a partition's limit is split into buckets
 * ({@code "@name#0"}, {@code "@name#1"}, ...) that take its writes in turn; a read of it reads
 * the newest page of one bucket, which holds entries from the last fraction of a second.
 */
public final class ActivityFeed {
    /** Keep each bucket at about half the limit: writes arrive at random, and seconds vary. */
    private static final double HEADROOM = 0.5;

    private final WideColumnStore<Activity> store;
    private final Map<String, Integer> turn = new HashMap<>();

    public ActivityFeed(WideColumnStore<Activity> store) {
        this.store = store;
    }

    /** How many partitions an account's timeline needs: every app server computes the same. */
    private int buckets(Account account) {
        return Math.max(1, (int) Math.ceil(account.expectedWritesPerSecond() / (HEADROOM * store.writeLimit())));
    }

    /** The next bucket in turn for this account, so its writes spread evenly. */
    private String nextPartition(Account account) {
        int buckets = buckets(account);
        if (buckets == 1) {
            return account.name();
        }
        int next = turn.merge(account.name(), 1, Integer::sum);
        return account.name() + "#" + Math.floorMod(next, buckets);
    }

    /** Stores one entry of an account's timeline; calls done(true) once it is stored. */
    public void record(Account account, Activity activity, Consumer<Boolean> done) {
        store.put(nextPartition(account), activity.id(), activity, reply -> done.accept(reply.isOk()));
    }

    /** Reads the account's newest entries, at most limit of them, newest first, from one partition. */
    public void newest(Account account, int limit, Consumer<List<Activity>> reply) {
        store.query(nextPartition(account), limit, rows -> {
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
