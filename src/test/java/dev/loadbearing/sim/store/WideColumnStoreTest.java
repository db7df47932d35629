package dev.loadbearing.sim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WideColumnStoreTest {
    private final Sim sim = new Sim(3);
    private final WideColumnStore<String> store = new WideColumnStore<String>(sim, "wide")
            .readLatency(Distribution.constant(Time.ms(2)))
            .rowLatency(Time.ms(0.1))
            .writeLatency(Distribution.constant(Time.ms(1)))
            .writeLimit(100);

    @Test
    void a_query_reads_one_partitions_newest_rows_first_and_pays_per_row() {
        for (long id = 1; id <= 50; id++) {
            store.load("user:1", id, "post " + id);
        }
        store.load("user:2", 99, "elsewhere");
        List<List<Long>> pages = new ArrayList<>();
        List<Long> finished = new ArrayList<>();
        store.query("user:1", 3, reply -> {
            pages.add(reply.value().stream().map(Cell::clustering).toList());
            finished.add(sim.now());
        });
        store.query("user:1", 48, 2, reply -> pages.add(reply.value().stream().map(Cell::clustering).toList()));
        store.query("nobody", 20, reply -> pages.add(reply.value().stream().map(Cell::clustering).toList()));
        sim.run();

        // replies in the order they complete: 2 ms for no rows, 2.2 ms for two, 2.3 ms for three
        assertEquals(List.of(List.of(), List.of(47L, 46L), List.of(50L, 49L, 48L)), pages);
        assertEquals(Time.ms(2.3), finished.get(0), "2 ms plus 0.1 ms for each of 3 rows");
        assertEquals(3, store.queries());
        assertEquals(5, store.rowsReturned());
    }

    @Test
    void a_partition_over_its_write_limit_is_throttled_in_that_second_only() {
        List<Reply.Status> statuses = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            long at = Time.ms(i * 5);          // 200 a second for 0.75 s, spilling into the next second
            long id = i;
            sim.at(at, "post", () -> store.put("hot", id, "x", reply -> statuses.add(reply.status())));
            sim.at(at, "post", () -> store.put("cold-" + (id % 10), id, "x", reply -> statuses.add(reply.status())));
        }
        sim.run();

        assertEquals(300, statuses.size());
        assertEquals(50, statuses.stream().filter(s -> s == Reply.Status.THROTTLED).count(),
                "second 0 asks 'hot' for 150 writes at 200/s: 100 accepted, 50 throttled");
        assertEquals(50, store.throttled());
        assertEquals(150, store.peakWritesPerSecond());
        assertEquals("hot", store.hottestPartition());
        assertEquals(100, store.contents().get("hot").size());
        assertEquals(15, store.peaks().get("cold-3"));
        assertEquals(List.of(150.0, 15.0, 15.0, 100.0), store.peaksFigure("peaks (seed 3)", 3).values());
        assertEquals(List.of(150.0), store.writesFigure("hot (seed 3)").series().get(0).values());
    }

    @Test
    void a_conditional_write_checks_one_row_and_nothing_spans_two() {
        store.load("acct:a", 0, "100");
        List<Reply<Cell<String>>> replies = new ArrayList<>();
        store.putIfVersion("acct:a", 0, 1, "70", replies::add);
        sim.run();
        store.putIfVersion("acct:a", 0, 1, "50", replies::add);
        store.get("acct:missing", 0, replies::add);
        sim.run();

        assertEquals(Reply.Status.OK, replies.get(0).status());
        assertEquals(new Cell<>("acct:a", 0, "70", 2), replies.get(0).value());
        assertEquals(Reply.Status.CONFLICT, replies.get(1).status());
        assertEquals("70", replies.get(1).value().value());
        assertNull(replies.get(2).value().value());
        assertEquals(1, store.conflicts());
        assertThrows(IllegalArgumentException.class, () -> store.query("acct:a", 0, r -> { }));
    }

    @Test
    void the_same_seed_gives_the_same_latencies() {
        assertEquals(run(11), run(11));
    }

    private static List<Long> run(long seed) {
        Sim sim = new Sim(seed);
        WideColumnStore<Integer> store = new WideColumnStore<Integer>(sim, "wide")
                .readLatency(Distribution.exponential(Time.ms(2)));
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            store.query("p" + i, 5, reply -> done.add(sim.now()));
        }
        sim.run();
        return done;
    }
}
