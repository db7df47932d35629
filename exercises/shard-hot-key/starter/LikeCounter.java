import dev.loadbearing.sim.shard.ShardedStore;

/**
 * Counts likes per post in a sharded store. Each app server has its own LikeCounter; they share
 * the store and nothing else.
 */
public final class LikeCounter {
    private final ShardedStore store;

    public LikeCounter(ShardedStore store) {
        this.store = store;
    }

    /** Records one like of a post. */
    public void like(String post) {
        // One counter per post: every like of a celebrity's post goes to the one shard holding it.
        store.add(post, 1);
    }

    /** Returns the post's likes, at most one second old. */
    public long likes(String post) {
        return store.get(post);
    }
}
