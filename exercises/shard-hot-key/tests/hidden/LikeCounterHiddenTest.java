import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shards, capacity, traffic and the hot posts come from the seed; calibration in docs/PERFORMANCE.md. */
class LikeCounterHiddenTest {

    static FlashCrowd crowd(long seed, boolean switchHalfway) {
        Random random = new Random(seed);
        int shards = 8 + random.nextInt(3);
        int capacity = 500 + 100 * random.nextInt(6);
        double hotShare = 0.35 + 0.05 * random.nextInt(3);
        double rate = Math.min(2.0 * capacity / hotShare, 0.6 * shards * capacity);
        return new FlashCrowd(LikeCounter::new, seed, shards, capacity, rate, hotShare, switchHalfway);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {12, 34, 56})
    @DisplayName("8 to 10 shards, a celebrity with 35-45% of traffic: no shard over capacity, fresh and exact counts, at most 1.5 store ops per like or read")
    void a_celebrity(long seed) {
        FlashCrowd run = crowd(seed, false);
        run.assertNoShardOverloaded();
        run.assertFreshReads();
        run.assertExactAfterQuiet();
        run.assertCheap(1.5);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {78, 90})
    @DisplayName("a flash sale takes over halfway: the new hot post is found and spread too")
    void a_flash_sale_halfway(long seed) {
        FlashCrowd run = crowd(seed, true);
        run.assertNoShardOverloaded();
        run.assertFreshReads();
        run.assertExactAfterQuiet();
        run.assertCheap(1.5);
    }
}
