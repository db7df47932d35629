import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.shard.ShardedStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts likes per post in a sharded store. Each app server has its own LikeCounter; they share
 * the store and nothing else.
 *
 * <p>A post that gets more than {@link #HOT} operations in a tenth of a second on this server
 * becomes hot for good (a short window finds it after a few dozen operations, and the busiest
 * ordinary post gets about 3 in a window). A hot post's likes go round robin to {@link #PARTS} sub-keys ({@code post#0} ...),
 * which the ring spreads over the shards; its count is the sum of the post's own key and every
 * sub-key, read at most every half second and cached in between. Both app servers see the same
 * crowd, so both find the same hot posts within milliseconds of each other; a count read while
 * only one of them has is short by those milliseconds' likes, well inside the one-second bound.
 */
public final class LikeCounter {
    static final int HOT = 10;
    static final long WINDOW = Time.ms(100);
    static final int PARTS = 32;
    static final long CACHE_FOR = Time.ms(500);

    private final ShardedStore store;
    private final Set<String> hot = new HashSet<>();
    private final Map<String, Integer> seenThisWindow = new HashMap<>();
    private final Map<String, long[]> cached = new HashMap<>();
    private long window = -1;
    private int next;

    public LikeCounter(ShardedStore store) {
        this.store = store;
    }

    /** Records one like of a post. */
    public void like(String post) {
        if (isHot(post)) {
            store.add(post + "#" + (next++ % PARTS), 1);
        } else {
            store.add(post, 1);
        }
    }

    /** Returns the post's likes, at most one second old. */
    public long likes(String post) {
        if (!isHot(post)) {
            return store.get(post);
        }
        long now = store.now();
        long[] entry = cached.get(post);
        if (entry == null || now - entry[1] >= CACHE_FOR) {
            long sum = store.get(post);
            for (int i = 0; i < PARTS; i++) {
                sum += store.get(post + "#" + i);
            }
            entry = new long[] {sum, now};
            cached.put(post, entry);
        }
        return entry[0];
    }

    private boolean isHot(String post) {
        if (hot.contains(post)) {
            return true;
        }
        long now = store.now() / WINDOW;
        if (now != window) {
            window = now;
            seenThisWindow.clear();
        }
        if (seenThisWindow.merge(post, 1, Integer::sum) > HOT) {
            hot.add(post);
            return true;
        }
        return false;
    }
}
