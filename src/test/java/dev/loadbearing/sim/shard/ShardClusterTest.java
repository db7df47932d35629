package dev.loadbearing.sim.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardClusterTest {
    private final Shard amber = new Shard("amber");
    private final Shard elm = new Shard("elm");

    @Test
    void an_operation_takes_its_fixed_time_plus_its_bytes_and_waits_behind_the_one_before() {
        Sim sim = new Sim(1);
        ShardCluster cluster = new ShardCluster(sim, List.of(amber, elm), Time.ms(0.5), 1e6);
        List<Long> done = new ArrayList<>();
        cluster.write(amber, "k", 1, 1_000, () -> done.add(sim.now()));       // 0.5 ms + 1 ms
        cluster.read(amber, "k", v -> done.add(sim.now()));                   // then 0.5 + 1 ms
        cluster.read(elm, "k", v -> done.add(sim.now()));                     // elm: 0.5 ms, in parallel
        assertEquals(2, cluster.pending(amber));
        sim.run();
        assertEquals(List.of(Time.ms(0.5), Time.ms(1.5), Time.ms(3)), done.stream().sorted().toList());
        assertEquals(Time.ms(3), cluster.busyNanos(amber)[0]);
    }

    @Test
    void a_copy_reads_on_the_source_then_writes_to_the_target_and_misses_later_writes() {
        Sim sim = new Sim(1);
        ShardCluster cluster = new ShardCluster(sim, List.of(amber, elm), Time.ms(1), 1e6);
        cluster.load(amber, "a", 1, 1_000);
        cluster.load(amber, "b", 1, 1_000);
        cluster.copy(amber, elm, List.of("a", "b", "missing"), null);  // amber busy 1 + 2 ms, then elm 1 + 2 ms
        cluster.write(amber, "a", 2, 1_000, null);                     // after the copy's read: not copied
        cluster.write(elm, "b", 5, 1_000, null);                       // on elm before the copy lands: overwritten
        sim.run();
        assertEquals(1L, cluster.peek(elm, "a"));
        assertEquals(2L, cluster.peek(amber, "a"));
        assertEquals(1L, cluster.peek(elm, "b"), "the copied (older) value replaced the write");
        assertNull(cluster.peek(elm, "missing"));
        assertEquals(2, cluster.copiedKeys());
        assertEquals(2_000, cluster.copiedBytes());
        assertEquals(List.of("b", "a"), cluster.keysOn(elm));
        assertEquals(Time.ms(3), cluster.busyNanos(elm)[1]);
    }

    @Test
    void copying_everything_at_once_makes_reads_wait_and_paced_batches_do_not() {
        long burst = worstReadLatency(2_000, 0);
        long paced = worstReadLatency(20, Time.ms(20));
        assertTrue(burst > Time.ms(150), "one batch of 2,000 keys of 4 KB holds the shard for 0.2 s of bytes: " + Time.format(burst));
        assertTrue(paced < Time.ms(5), "20 keys every 20 ms: " + Time.format(paced));
    }

    /** 2,000 keys copied in batches while a read a millisecond arrives at the source; the slowest read. */
    private long worstReadLatency(int batch, long gap) {
        Sim sim = new Sim(3);
        ShardCluster cluster = new ShardCluster(sim, List.of(amber, elm), Time.ms(0.2), 40e6);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            keys.add("user:" + i);
            cluster.load(amber, "user:" + i, 1, 4_096);
        }
        for (int start = 0, n = 0; start < keys.size(); start += batch, n++) {
            List<String> part = keys.subList(start, Math.min(keys.size(), start + batch));
            cluster.after(n * gap, () -> cluster.copy(amber, elm, part, null));
        }
        long[] worst = {0};
        for (int i = 0; i < 2_000; i++) {
            sim.at(Time.ms(i) + 1, "read", () -> {
                long start = sim.now();
                cluster.read(amber, "user:1", v -> worst[0] = Math.max(worst[0], sim.now() - start));
            });
        }
        sim.run();
        assertEquals(2_000, cluster.copiedKeys());
        return worst[0];
    }

    @Test
    void a_copy_in_transit_lets_a_write_reach_the_target_first_and_then_overwrites_it() {
        Sim sim = new Sim(1);
        ShardCluster cluster = new ShardCluster(sim, List.of(amber, elm), Time.ms(1), 1e6).transfer(Time.ms(20), 1e6);
        cluster.load(amber, "a", 1, 1_000);
        List<Long> landed = new ArrayList<>();
        cluster.copy(amber, elm, List.of("a"), () -> landed.add(sim.now()));   // 2 ms read, 20 + 1 ms travel, 2 ms write
        sim.at(Time.ms(5), "write", () -> cluster.write(elm, "a", 2, 1_000, null));
        sim.run();
        assertEquals(List.of(Time.ms(25)), landed);
        assertEquals(1L, cluster.peek(elm, "a"), "the write at 5 ms landed first; the older copy replaced it");
        assertEquals(Time.ms(4), cluster.busyNanos(elm)[0], "travel occupies neither shard");
    }
}
