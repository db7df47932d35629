package dev.loadbearing.sim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading through a cache reads like the caching lesson's cache-aside sketch, in virtual time. */
class ReadThroughTest {

    @Test
    void the_first_read_misses_and_fills_the_cache_the_second_hits_an_update_invalidates() {
        Sim sim = new Sim(1);
        Cache<String, String> cache = new Cache<String, String>(sim, "cache").latency(Distribution.constant(Time.ms(1)));
        Datastore<String> db = new Datastore<String>(sim, "db").readLatency(Distribution.constant(Time.ms(20)));
        db.load("product:42", "Desk lamp");
        // The lesson's find(id), as it reads with the simulator's calls:
        ReadThrough<String> products = new ReadThrough<>(cache, db, Time.minutes(5));
        List<String> seen = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        products.get("product:42", product -> {                 // miss: cache, then database
            seen.add(product);
            at.add(sim.now());
            products.get("product:42", again -> {               // hit: the cache alone
                seen.add(again);
                at.add(sim.now());
            });
        });
        sim.run();
        assertEquals(List.of("Desk lamp", "Desk lamp"), seen);
        assertEquals(List.of(Time.ms(21), Time.ms(22)), at);
        assertEquals(1, products.hits());
        assertEquals(1, products.misses());

        products.update("product:42", "Desk lamp, brass", ok -> products.get("product:42", seen::add));
        sim.run();
        assertEquals("Desk lamp, brass", seen.get(2));
        assertEquals(2, products.misses(), "the update deleted the entry, so the read went to the database");
    }

    @Test
    void a_missing_row_reads_null_and_a_down_cache_falls_back_to_the_database() {
        Sim sim = new Sim(2);
        Cache<String, String> cache = new Cache<>(sim, "cache");
        Datastore<String> db = new Datastore<>(sim, "db");
        db.load("a", "1");
        cache.crash();
        ReadThrough<String> reads = new ReadThrough<>(cache, db, 0);
        List<String> seen = new ArrayList<>();
        reads.get("a", seen::add);
        reads.get("nothing", seen::add);
        sim.run();
        assertEquals("1", seen.get(0));
        assertNull(seen.get(1));

        List<String> values = new ArrayList<>();
        db.readValue("a", reply -> values.add(reply.value()));
        sim.run();
        assertEquals(List.of("1"), values);
    }

    @Test
    void the_caching_lessons_by_hand_version_compiles_and_reads_through() {
        Sim sim = new Sim(3);
        Cache<String, String> cache = new Cache<String, String>(sim, "cache").latency(Distribution.constant(Time.ms(1)));
        Datastore<String> db = new Datastore<String>(sim, "db").readLatency(Distribution.constant(Time.ms(20)));
        db.load("product:42", "Desk lamp");
        List<String> shown = new ArrayList<>();
        java.util.function.Consumer<String> show = shown::add;
        for (int i = 0; i < 2; i++) {
            sim.at(Time.seconds(i), "read", () -> {
                // lessons/11-caching.md, "The same by hand"
                cache.get("product:42", cached -> {
                    if (cached.isOk() && cached.value() != null) {
                        show.accept(cached.value());                       // hit: about 1 ms
                        return;
                    }
                    db.readValue("product:42", fromDb -> {                 // miss: about 20 ms more
                        if (fromDb.value() != null) {
                            cache.put("product:42", fromDb.value(), Time.minutes(5), null);
                        }
                        show.accept(fromDb.value());
                    });
                });
            });
        }
        sim.run();
        assertEquals(List.of("Desk lamp", "Desk lamp"), shown);
        assertEquals(1, cache.stats().hits());
        assertEquals(1, cache.stats().misses());
    }
}
