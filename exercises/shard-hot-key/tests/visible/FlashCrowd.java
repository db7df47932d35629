import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import dev.loadbearing.sim.figure.Figures;
import dev.loadbearing.sim.shard.HashRing;
import dev.loadbearing.sim.shard.ShardedKeyspace;
import dev.loadbearing.sim.shard.ShardedStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Likes and like-count reads of 5,000 posts (Zipf popularity, exponent 0.6) through two app servers, each
 * with its own LikeCounter over one sharded store (a hash ring, 160 points per shard). One
 * celebrity post takes {@code hotShare} of all traffic from the start; optionally a second post
 * (a flash sale) takes it over halfway. Half the operations are likes, half reads.
 */
final class FlashCrowd {
    static final long DURATION = Time.seconds(12);

    final long seed;
    final int shards;
    final int capacity;
    final double rate;
    final double hotShare;
    final String celebrity;
    final String flashSale;
    final ShardedStore store;
    private final Sim sim;
    private final List<LikeCounter> servers = new ArrayList<>();
    private final Map<String, List<Long>> likedAt = new HashMap<>();
    private long appOps;
    private String staleness;
    private boolean attached;

    FlashCrowd(Function<ShardedStore, LikeCounter> counters, long seed, int shards, int capacity, double rate,
            double hotShare, boolean switchHalfway) {
        this.seed = seed;
        this.shards = shards;
        this.capacity = capacity;
        this.rate = rate;
        this.hotShare = hotShare;
        this.sim = new Sim(seed);
        RandomStream random = sim.random("crowd");
        int offset = 1_000 + random.nextInt(90_000);
        Zipf popularity = new Zipf(5_000, 0.6);
        this.celebrity = "post:" + (offset + 5_000 + random.nextInt(5_000));
        this.flashSale = switchHalfway ? "post:" + (offset + 10_000 + random.nextInt(5_000)) : null;
        this.store = new ShardedStore(sim, ShardedKeyspace.randomShards(seed, shards), new HashRing(160), capacity);
        servers.add(counters.apply(store));
        servers.add(counters.apply(store));
        long gap = (long) (1e9 / rate);
        for (long t = random.nextInt((int) gap); t < DURATION; t += 1 + (long) (-Math.log(1 - random.nextDouble()) * gap)) {
            boolean like = random.chance(0.5);
            LikeCounter server = servers.get(random.nextInt(2));
            String post;
            if (random.chance(hotShare)) {
                post = flashSale != null && t >= DURATION / 2 ? flashSale : celebrity;
            } else {
                post = "post:" + (offset + popularity.rank(random));
            }
            sim.at(t, like ? "like" : "read", () -> {
                appOps++;
                if (like) {
                    server.like(post);
                    likedAt.computeIfAbsent(post, k -> new ArrayList<>()).add(sim.now());
                } else {
                    long seen = server.likes(post);
                    checkFresh(post, seen);
                }
            });
        }
        sim.run();
    }

    private long likesAt(String post, long time) {
        List<Long> times = likedAt.getOrDefault(post, List.of());
        int i = Collections.binarySearch(times, time);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < times.size() && times.get(i + 1) == time) {
            i++;
        }
        return i + 1;
    }

    private void checkFresh(String post, long seen) {
        if (staleness != null) {
            return;
        }
        long now = sim.now();
        long newest = likesAt(post, now);
        long secondAgo = likesAt(post, now - Time.seconds(1));
        if (seen > newest || seen < secondAgo) {
            staleness = String.format(Locale.ROOT,
                    "seed %d: at t=%.3f s likes(\"%s\") returned %,d, but the post had %,d likes then and %,d a second "
                            + "before; a count may be up to one second old, never older, and never more than the "
                            + "likes so far. %s",
                    seed, Time.toSeconds(now), post, seen, newest, secondAgo,
                    seen < secondAgo ? "If you split a key, a read must add up every part of it (and the original "
                            + "key), on every app server; a cached count must be refreshed within a second"
                            : "Count each like once");
        }
    }

    private void attach() {
        if (attached) {
            return;
        }
        attached = true;
        Figures.attach(store.loadFigure(String.format(Locale.ROOT,
                        "Operations per second on the hottest shard and the mean (seed %d)", seed)),
                store.peakFigure(String.format(Locale.ROOT, "Busiest second of each shard, capacity %d (seed %d)",
                        capacity, seed)));
    }

    /** Every shard stayed within its capacity in every second. */
    void assertNoShardOverloaded() {
        if (store.overloadedSeconds() > 0) {
            attach();
            String hottest = store.hottestShard();
            double perOp = store.operations() / (double) appOps;
            String why;
            if (perOp > 1.5) {
                why = String.format(Locale.ROOT, "The store served %.1f operations per like or read: a read of a split "
                        + "key costs one operation per part. Cache the count of a split key for a fraction of a "
                        + "second, and split only the keys that are hot", perOp);
            } else if (hotShare > 0) {
                why = String.format(Locale.ROOT, "The celebrity post %s gets %.0f%% of all traffic, about %,.0f "
                        + "operations a second, and every one of them goes to the shard that holds its key (%s): more "
                        + "shards would not help. Spread the hot key's likes over sub-keys (%s#0, %s#1, ...) that hash "
                        + "to different shards, and serve its reads from a short-lived cache so they do not fan out to "
                        + "every sub-key each time", celebrity, 100 * hotShare, hotShare * rate, store.shardOf(celebrity),
                        celebrity, celebrity);
            } else {
                why = "No post is a celebrity here, so the load should be close to the mean on every shard";
            }
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: shard %s served %,d operations in its busiest second, over its capacity of %,d "
                            + "(%d shard-seconds over in all; the mean load is about %,.0f per shard). %s",
                    seed, hottest, store.peakOpsPerSecond(), capacity, store.overloadedSeconds(),
                    rate / shards, why));
        }
    }

    /** No read was more than a second stale or ahead of the truth. */
    void assertFreshReads() {
        if (staleness != null) {
            attach();
            throw new AssertionError(staleness);
        }
    }

    /** After 3 quiet seconds, both app servers count every post exactly. */
    void assertExactAfterQuiet() {
        sim.runFor(Time.seconds(3));
        store.stopMeasuring();
        List<String> posts = new ArrayList<>(likedAt.keySet());
        Collections.sort(posts);
        for (String post : posts) {
            long truth = likedAt.get(post).size();
            for (int i = 0; i < servers.size(); i++) {
                LikeCounter server = servers.get(i);
                long[] seen = new long[1];
                sim.after(0, "final read", () -> seen[0] = server.likes(post));
                sim.run();
                if (seen[0] != truth) {
                    attach();
                    throw new AssertionError(String.format(Locale.ROOT,
                            "seed %d: after 3 quiet seconds app server %d said %s has %,d likes; it has %,d. "
                                    + "Every like must be counted exactly once, and every app server must find all of "
                                    + "them: whichever server split a key, the other must read all its parts",
                            seed, i + 1, post, seen[0], truth));
                }
            }
        }
    }

    /** The store served at most {@code factor} operations per app operation. */
    void assertCheap(double factor) {
        double perOp = store.operations() / (double) appOps;
        if (perOp > factor) {
            attach();
            throw new AssertionError(String.format(Locale.ROOT,
                    "seed %d: %,d likes and reads cost the store %,d operations, %.2f each (at most %.2f allowed). "
                            + "Split only the keys that are hot: a read of a split key costs one operation per part, "
                            + "so splitting every key multiplies the load instead of spreading it. Count each key's "
                            + "operations as they pass and split a key once it gets far more than its share",
                    seed, appOps, store.operations(), perOp, factor));
        }
    }

    void showFigures() {
        attach();
    }
}
