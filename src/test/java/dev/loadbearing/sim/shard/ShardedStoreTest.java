package dev.loadbearing.sim.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardedStoreTest {

    /** 3,000 adds a second for 5 s over 8 shards of 600 ops/s; {@code hot} of them to one post, split in {@code parts}. */
    private static ShardedStore run(double hot, int parts) {
        Sim sim = new Sim(5);
        ShardedStore store = new ShardedStore(sim, ShardedKeyspace.randomShards(5, 8), new HashRing(160), 600);
        var random = sim.random("test");
        for (int i = 0; i < 15_000; i++) {
            long at = i * Time.seconds(5) / 15_000;
            String key = random.chance(hot) ? "post:1" + (parts > 1 ? "#" + (i % parts) : "") : "post:" + (100 + random.nextInt(5_000));
            sim.at(at, "add", () -> store.add(key, 1));
        }
        sim.run();
        return store;
    }

    @Test
    void a_hot_key_overloads_its_shard_and_splitting_it_does_not() {
        ShardedStore plain = run(0.33, 1);
        assertTrue(plain.peakOpsPerSecond() > 1_000, "one shard takes the hot key's 1,000 a second: " + plain.peakOpsPerShard());
        assertTrue(plain.overloadedSeconds() >= 5);
        assertEquals(plain.shardOf("post:1"), plain.hottestShard());
        ShardedStore split = run(0.33, 32);
        assertEquals(0, split.overloadedSeconds(), "split over 32 sub-keys: " + split.peakOpsPerShard());
        assertEquals(15_000, split.operations());
    }

    @Test
    void reads_and_adds_count_and_peek_and_unmeasured_operations_do_not() {
        Sim sim = new Sim(1);
        ShardedStore store = new ShardedStore(sim, List.of(new Shard("a"), new Shard("b")), new HashRing(10), 5);
        store.add("k", 2);
        store.add("k", 3);
        assertEquals(5, store.get("k"));
        assertEquals(5, store.peek("k"));
        assertEquals(3, store.operations());
        assertEquals(3, store.peakOpsPerSecond());
        store.stopMeasuring();
        for (int i = 0; i < 10; i++) {
            store.get("k");
        }
        assertEquals(3, store.operations());
        assertEquals(0, store.overloadedSeconds());
        TimeSeriesChart figure = store.loadFigure("load (seed 1)");
        assertEquals(3, figure.series().size());
        assertEquals(List.of(3.0), figure.series().get(0).values());
    }

    @Test
    void the_ring_agrees_with_itself_in_any_order_and_moves_little() {
        List<Shard> five = ShardedKeyspace.randomShards(3, 5);
        ShardedKeyspace keyspace = new ShardedKeyspace(3, ShardedKeyspace.randomKeys(3, 10_000));
        Placement before = keyspace.placeTwice(() -> new HashRing(160), five.subList(0, 4));
        Placement after = keyspace.placeTwice(() -> new HashRing(160), five);
        Movement movement = before.to(after);
        assertEquals(0, movement.movedToExistingShards());
        assertTrue(movement.movedShare() < 0.26, "moved " + movement.movedShare());
        assertTrue(after.maxOverMean() < 1.3, "max/mean " + after.maxOverMean());
    }
}
