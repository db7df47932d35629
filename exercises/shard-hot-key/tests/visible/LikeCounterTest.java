import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LikeCounterTest {

    @Test
    @DisplayName("no celebrity, 8 shards of 800 ops/s: counts are exact and fresh (the starter passes this one)")
    void counts_are_exact() {
        FlashCrowd run = new FlashCrowd(LikeCounter::new, 1, 8, 800, 3_000, 0, false);
        run.showFigures();
        run.assertFreshReads();
        run.assertExactAfterQuiet();
        run.assertNoShardOverloaded();
    }

    @Test
    @DisplayName("a celebrity post gets 35% of 3,800 ops/s: no shard of 8 goes over 800 ops/s, and counts stay right")
    void a_celebrity_does_not_melt_a_shard() {
        FlashCrowd run = new FlashCrowd(LikeCounter::new, 2, 8, 800, 3_800, 0.35, false);
        run.showFigures();
        run.assertNoShardOverloaded();
        run.assertFreshReads();
        run.assertExactAfterQuiet();
        run.assertCheap(1.5);
    }
}
