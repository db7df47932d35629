package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheTest {
    private final Sim sim = new Sim(1);
    private final List<Reply<String>> replies = new ArrayList<>();

    private Cache<String, String> instantCache() {
        return new Cache<String, String>(sim, "cache").latency(Distribution.constant(0));
    }

    @Test
    void update_is_atomic_where_get_then_put_loses_increments() {
        Cache<String, Integer> counters = new Cache<String, Integer>(sim, "counters")
                .latency(Distribution.uniform(Time.ms(0.2), Time.ms(1)));
        Cache<String, Integer> racy = new Cache<String, Integer>(sim, "racy")
                .latency(Distribution.uniform(Time.ms(0.2), Time.ms(1)));
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            counters.update("n", n -> n == null ? 1 : n + 1, reply -> seen.add(reply.value()));
            racy.get("n", reply -> racy.put("n", reply.value() == null ? 1 : reply.value() + 1, null));
        }
        sim.run();

        assertEquals(100, counters.peek("n"));
        assertEquals(100, seen.stream().distinct().count(), "every update saw its own new value");
        assertEquals(true, racy.peek("n") < 100, "100 concurrent get-then-put increments lose some: " + racy.peek("n"));
    }

    @Test
    void update_returning_null_removes_the_entry_and_a_down_cache_refuses_it() {
        Cache<String, String> cache = instantCache();
        cache.put("a", "1", null);
        cache.update("a", value -> null, replies::add);
        sim.run();
        assertNull(cache.peek("a"));
        cache.crash();
        cache.update("a", value -> "2", replies::add);
        sim.run();
        assertEquals(Reply.Status.DOWN, replies.get(1).status());
    }

    @Test
    void lru_evicts_the_least_recently_used_entry() {
        Cache<String, String> cache = instantCache().capacity(2);
        cache.put("a", "1", null);
        cache.put("b", "2", null);
        cache.get("a", null);                 // a is now used more recently than b
        cache.put("c", "3", null);
        sim.run();

        assertEquals(List.of("a", "c"), cache.keys());
        assertEquals(1, cache.evictions());
        assertNull(cache.peek("b"));
    }

    @Test
    void putting_an_existing_key_makes_it_the_most_recently_used() {
        Cache<String, String> cache = instantCache().capacity(2);
        cache.put("a", "1", null);
        cache.put("b", "2", null);
        cache.put("a", "1b", null);
        cache.put("c", "3", null);
        sim.run();

        assertEquals(List.of("a", "c"), cache.keys());
        assertEquals("1b", cache.peek("a"));
    }

    @Test
    void an_entry_expires_at_exactly_its_time_to_live() {
        Cache<String, String> cache = instantCache().ttl(Time.seconds(10));
        cache.put("k", "v", null);
        sim.at(Time.seconds(10) - 1, "just before", () -> cache.get("k", replies::add));
        sim.at(Time.seconds(10), "at expiry", () -> cache.get("k", replies::add));
        sim.run();

        assertEquals("v", replies.get(0).value());
        assertNull(replies.get(1).value());
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(1, cache.expirations());
    }

    @Test
    void a_put_with_its_own_ttl_overrides_the_default() {
        Cache<String, String> cache = instantCache().ttl(Time.seconds(10));
        cache.put("short", "v", Time.seconds(1), null);
        cache.put("forever", "v", 0, null);
        sim.runFor(Time.minutes(5));

        assertEquals(List.of("forever"), cache.keys());
    }

    @Test
    void calls_take_their_latency_and_take_effect_when_they_complete() {
        Cache<String, String> cache = new Cache<String, String>(sim, "cache")
                .latency(Distribution.constant(Time.ms(2)));
        List<Long> answeredAt = new ArrayList<>();
        cache.put("k", "v", reply -> answeredAt.add(sim.now()));
        cache.get("k", reply -> {
            answeredAt.add(sim.now());
            replies.add(reply);
        });
        sim.run();

        assertEquals(List.of(Time.ms(2), Time.ms(2)), answeredAt);
        assertEquals("v", replies.get(0).value());
    }

    @Test
    void a_crash_empties_the_cache_and_it_restarts_empty() {
        Cache<String, String> cache = instantCache();
        cache.put("k", "v", null);
        sim.at(Time.seconds(1), "crash", cache::crash);
        sim.at(Time.seconds(2), "get while down", () -> cache.get("k", replies::add));
        sim.at(Time.seconds(3), "restart", cache::restart);
        sim.at(Time.seconds(4), "get after restart", () -> cache.get("k", replies::add));
        sim.run();

        assertEquals(Reply.Status.DOWN, replies.get(0).status());
        assertEquals(Reply.ok(null), replies.get(1));
        assertEquals(0, cache.size());
        assertEquals(1, cache.faults().size());
        assertEquals(Time.seconds(1), cache.faults().get(0).start());
        assertEquals(Time.seconds(3), cache.faults().get(0).end());
    }

    @Test
    void a_call_in_flight_when_the_cache_crashes_is_lost() {
        Cache<String, String> cache = new Cache<String, String>(sim, "cache")
                .latency(Distribution.constant(Time.ms(10)));
        cache.put("k", "v", replies::add);
        cache.crashAt(Time.ms(5));
        cache.restartAt(Time.ms(6));
        sim.run();

        assertEquals(Reply.Status.CRASHED, replies.get(0).status());
        assertNull(cache.peek("k"));
        assertEquals(1, cache.failures());
    }

    @Test
    void lru_hit_ratio_on_a_zipf_workload_matches_the_che_approximation() {
        int keys = 10_000;
        int capacity = 1_000;
        double skew = 0.99;
        Cache<Integer, String> cache = new Cache<Integer, String>(sim, "cache")
                .capacity(capacity).latency(Distribution.constant(0));
        Zipf zipf = new Zipf(keys, skew);
        RandomStream random = sim.random("keys");
        for (int i = 0; i < 200_000; i++) {
            int key = zipf.rank(random);
            sim.at(Time.ms(i), "request", () -> cache.get(key, reply -> {
                if (reply.value() == null) {
                    cache.put(key, "value", null);   // cache-aside: fill on a miss
                }
            }));
        }
        sim.run();

        // Che's approximation of LRU: an entry survives for a characteristic time T with
        // sum over keys of (1 - e^(-p T)) = capacity; the hit ratio is sum of p (1 - e^(-p T)).
        double low = 0;
        double high = 1e9;
        for (int i = 0; i < 200; i++) {
            double t = (low + high) / 2;
            double occupied = 0;
            for (int k = 1; k <= keys; k++) {
                occupied += 1 - Math.exp(-zipf.probability(k) * t);
            }
            if (occupied < capacity) {
                low = t;
            } else {
                high = t;
            }
        }
        double expected = 0;
        for (int k = 1; k <= keys; k++) {
            expected += zipf.probability(k) * (1 - Math.exp(-zipf.probability(k) * low));
        }
        assertEquals(expected, cache.hitRatio(), 0.02,
                "Che approximation " + expected + ", measured " + cache.hitRatio());
        assertEquals(capacity, cache.size());
    }
}
