import dev.loadbearing.sim.race.Exploration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProductCacheTest {

    static final Invalidation ONE_AND_ONE = new Invalidation("one reader, one writer", new int[] {2}, 1, false);

    @Test
    @DisplayName("1 reader × 2 reads and 1 writer on a cold cache: every interleaving leaves no stale entry and no read older than a finished write")
    void one_reader_one_writer_every_interleaving() {
        Exploration all = ONE_AND_ONE.assertEveryInterleaving();
        System.out.println(all);
        ONE_AND_ONE.attachChart(7);
    }

    @Test
    @DisplayName("3 readers and a writer writing twice, 300 seeded interleavings: the same rules")
    void three_readers_many_seeds() {
        Invalidation three = new Invalidation("3 readers, 2 writes", new int[] {2, 1, 2}, 2, false);
        three.assertSeeds(3_000, 300);
        three.attachChart(3_000);
    }

    @Test
    @DisplayName("alone: a hit is 1 cache call, a miss at most 4 calls, a write at most 4, and the second read of a key is a hit")
    void reads_are_cached_and_cheap() {
        ONE_AND_ONE.assertEveryInterleaving();            // cost counts only for a correct cache
        Invalidation.assertCostAlone();
    }
}
