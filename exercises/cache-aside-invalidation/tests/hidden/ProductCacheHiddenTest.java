import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Readers, reads per reader, writes and whether the cache starts warm come from the seed. */
class ProductCacheHiddenTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 34, 55, 89})
    @DisplayName("a reader and a writer, 2 reads and 1 write or 1 read and 2 writes, cold or warm cache: every interleaving")
    void every_interleaving(long seed) {
        Random random = new Random(seed);
        int reads = 1 + random.nextInt(2);
        new Invalidation("seed " + seed, new int[] {reads}, 3 - reads, random.nextBoolean()).assertEveryInterleaving();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 19, 42})
    @DisplayName("2 to 5 readers, up to 3 writes, 200 seeded interleavings each")
    void many_readers_many_seeds(long seed) {
        Invalidation many = Invalidation.random(seed, 2 + (int) (seed % 4), 3, 3);
        many.assertSeeds(seed * 1_000, 200);
        many.attachChart(seed * 1_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 13})
    @DisplayName("alone: hits cost one call, misses and writes at most four, reads are cached")
    void cost_alone(long seed) {
        new Invalidation("seed " + seed, new int[] {2}, 1, seed % 2 == 0).assertEveryInterleaving();
        Invalidation.assertCostAlone();
    }
}
