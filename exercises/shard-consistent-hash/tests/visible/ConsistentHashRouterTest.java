import dev.loadbearing.sim.shard.Shard;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsistentHashRouterTest {
    static final List<Shard> FOUR = List.of(new Shard("amber"), new Shard("birch"), new Shard("cedar"), new Shard("dune"));

    @Test
    @DisplayName("4 shards, 10,000 keys: two routers agree, and every shard holds at most 1.35x the mean")
    void keys_spread_evenly() {
        Resharding run = new Resharding(ConsistentHashRouter::new, 1, 10_000, FOUR, new Shard("elm"), true).withFigures();
        run.assertBalanced(1.35);
    }

    @Test
    @DisplayName("elm joins: at most 26% of keys move, all of them to elm")
    void a_new_shard_takes_only_its_share() {
        Resharding run = new Resharding(ConsistentHashRouter::new, 2, 10_000, FOUR, new Shard("elm"), true).withFigures();
        run.assertOnlyNecessaryKeysMoved(1.3);
        run.assertBalanced(1.35);
    }

    @Test
    @DisplayName("cedar leaves: only cedar's keys move, spread over the other three")
    void a_leaving_shard_moves_only_its_keys() {
        Resharding run = new Resharding(ConsistentHashRouter::new, 3, 10_000, FOUR, new Shard("cedar"), false).withFigures();
        run.assertOnlyNecessaryKeysMoved(1.3);
        run.assertBalanced(1.35);
    }
}
