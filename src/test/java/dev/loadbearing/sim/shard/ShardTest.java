package dev.loadbearing.sim.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.SimulationException;
import dev.loadbearing.sim.figure.BarChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ShardTest {

    /** A hash ring with virtual nodes, rebuilt when the set of shards changes. */
    static final class Ring implements ShardRouter {
        private final int virtualNodes;
        private List<String> built = List.of();
        private TreeMap<Long, Shard> ring = new TreeMap<>();

        Ring(int virtualNodes) {
            this.virtualNodes = virtualNodes;
        }

        @Override
        public Shard shardFor(String key, List<Shard> shards) {
            List<String> names = shards.stream().map(Shard::name).sorted().toList();
            if (!names.equals(built)) {
                ring = new TreeMap<>();
                for (Shard shard : shards) {
                    for (int v = 0; v < virtualNodes; v++) {
                        ring.put(ShardHash.of(shard.name() + "#" + v), shard);
                    }
                }
                built = names;
            }
            Map.Entry<Long, Shard> next = ring.ceilingEntry(ShardHash.of(key));
            return (next != null ? next : ring.firstEntry()).getValue();
        }
    }

    static final ShardRouter MODULO = (key, shards) -> {
        List<Shard> sorted = shards.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
        return sorted.get((int) Math.floorMod(ShardHash.of(key), (long) sorted.size()));
    };

    private static List<Shard> plus(List<Shard> shards, Shard extra) {
        List<Shard> more = new ArrayList<>(shards);
        more.add(extra);
        return more;
    }

    @Test
    void the_hash_is_stable_and_spreads_similar_strings() {
        assertEquals(ShardHash.of("user:1"), ShardHash.of("user:1"));
        assertEquals(ShardHash.mix(0x9e3779b97f4a7c15L), ShardHash.mix(0x9e3779b97f4a7c15L));
        // Pinned: a change would move every key of every ring built on it.
        assertEquals(6238072747940578789L, ShardHash.mix(1L));
        int high = 0;
        for (int i = 0; i < 10_000; i++) {
            high += ShardHash.of("user:" + i) < 0 ? 1 : 0;
        }
        assertTrue(high > 4_700 && high < 5_300, "top bit set for " + high + " of 10,000 similar keys");
    }

    @Test
    void hash_mod_n_moves_most_keys_when_a_shard_joins() {
        ShardedKeyspace keyspace = new ShardedKeyspace(3, ShardedKeyspace.randomKeys(3, 20_000));
        List<Shard> four = ShardedKeyspace.randomShards(3, 4);
        Placement before = keyspace.place(MODULO, four);
        Placement after = keyspace.place(MODULO, plus(four, new Shard("newcomer")));
        Movement movement = before.to(after);
        assertTrue(movement.movedShare() > 0.75, "mod n moved " + movement.movedShare());
        assertTrue(movement.movedToExistingShards() > movement.moved() / 2);
        assertTrue(after.maxOverMean() < 1.05, "mod n is even: " + after.maxOverMean());
    }

    @Test
    void a_ring_with_virtual_nodes_moves_only_the_new_shards_share() {
        ShardedKeyspace keyspace = new ShardedKeyspace(5, ShardedKeyspace.randomKeys(5, 20_000));
        List<Shard> four = ShardedKeyspace.randomShards(5, 4);
        Placement before = keyspace.placeTwice(() -> new Ring(100), four);
        Placement after = keyspace.placeTwice(() -> new Ring(100), plus(four, new Shard("newcomer")));
        Movement movement = before.to(after);
        assertEquals(0, movement.movedToExistingShards());
        assertEquals(movement.moved(), (int) after.keysPerShard().get("newcomer"));
        assertTrue(movement.movedShare() > 0.12 && movement.movedShare() < 0.28, "moved " + movement.movedShare());
        assertTrue(after.maxOverMean() < 1.3, "max/mean " + after.maxOverMean());
        assertEquals(20_000, movement.keys());
    }

    @Test
    void removing_a_shard_moves_only_its_keys_and_spreads_them_with_virtual_nodes() {
        ShardedKeyspace keyspace = new ShardedKeyspace(8, ShardedKeyspace.randomKeys(8, 20_000));
        List<Shard> five = ShardedKeyspace.randomShards(8, 5);
        Placement before = keyspace.place(new Ring(100), five);
        Placement after = keyspace.place(new Ring(100), five.subList(1, 5));
        Movement movement = before.to(after);
        assertEquals(0, movement.movedFromSurvivingShards());
        assertEquals((int) before.keysPerShard().get(five.get(0).name()), movement.moved());
        assertTrue(movement.movedIn().size() == 4, "the leaving shard's keys spread over all four: " + movement.movedIn());
        Movement oneNode = keyspace.place(new Ring(1), five).to(keyspace.place(new Ring(1), five.subList(1, 5)));
        assertEquals(1, oneNode.movedIn().size(), "without virtual nodes one successor takes them all");
    }

    @Test
    void copying_is_as_slow_as_the_busiest_receiver() {
        Movement movement = new Movement(100, 30, Map.of("a → n", 20, "b → n", 10), 0, 30, Map.of("n", 30));
        assertEquals(30 * 1_000L, movement.bytesCopied(1_000));
        assertEquals(30 * 1_000 / 500.0, movement.copySeconds(1_000, 500), 1e-9);
        BarChart figure = movement.figure("moved (seed 1)");
        assertEquals(List.of("stayed", "a → n", "b → n"), figure.labels());
        assertEquals(List.of(70.0, 20.0, 10.0), figure.values());
    }

    @Test
    void an_order_dependent_router_is_caught_by_a_second_router() {
        ShardedKeyspace keyspace = new ShardedKeyspace(2, ShardedKeyspace.randomKeys(2, 1_000));
        ShardRouter byPosition = (key, shards) -> shards.get((int) Math.floorMod(ShardHash.of(key), (long) shards.size()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> keyspace.placeTwice(() -> byPosition, ShardedKeyspace.randomShards(2, 4)));
        assertTrue(e.getMessage().startsWith("seed 2: two routers over the same 4 shards"), e.getMessage());
    }

    @Test
    void a_wrong_answer_or_a_throw_is_reported_with_the_key() {
        ShardedKeyspace keyspace = new ShardedKeyspace(4, List.of("user:1", "user:2"));
        List<Shard> shards = List.of(new Shard("a"), new Shard("b"));
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> keyspace.place((key, list) -> new Shard("shard-0"), shards));
        assertTrue(wrong.getMessage().contains("returned a shard named \"shard-0\", which is not one of the shards"),
                wrong.getMessage());
        assertThrows(IllegalStateException.class, () -> keyspace.place((key, list) -> null, shards));
        SimulationException thrown = assertThrows(SimulationException.class,
                () -> keyspace.place((key, list) -> list.get(5), shards));
        assertTrue(thrown.getMessage().contains("while key \"user:1\" (over shards"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("seed 4"), thrown.getMessage());
    }

    @Test
    void random_names_and_keys_are_distinct_and_repeat_with_the_seed() {
        assertEquals(ShardedKeyspace.randomShards(9, 7), ShardedKeyspace.randomShards(9, 7));
        assertEquals(7, ShardedKeyspace.randomShards(9, 7).stream().map(Shard::name).distinct().count());
        assertEquals(5_000, ShardedKeyspace.randomKeys(11, 5_000).stream().distinct().count());
        assertEquals(ShardedKeyspace.randomKeys(11, 50), ShardedKeyspace.randomKeys(11, 50));
        BarChart figure = ShardedKeyspace.keysPerShardFigure("keys (seed 1)",
                new ShardedKeyspace(1, List.of("k")).place((key, list) -> list.get(0), List.of(new Shard("a"))));
        assertEquals(List.of("a (1 shards)"), figure.labels());
    }
}
