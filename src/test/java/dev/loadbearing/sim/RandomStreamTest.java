package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomStreamTest {

    private static long[] draw(RandomStream stream, int n) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = stream.nextLong();
        }
        return values;
    }

    @Test
    void adding_a_stream_does_not_change_another_streams_values() {
        Sim alone = new Sim(42);
        long[] expected = draw(alone.random("arrivals"), 100);

        Sim crowded = new Sim(42);
        RandomStream service = crowded.random("service");
        RandomStream arrivals = crowded.random("arrivals");
        long[] interleaved = new long[100];
        for (int i = 0; i < 100; i++) {
            service.nextLong();
            crowded.random("extra-" + i).nextDouble();
            interleaved[i] = arrivals.nextLong();
        }
        assertArrayEquals(expected, interleaved);
    }

    @Test
    void the_same_name_gives_the_same_stream_and_different_names_differ() {
        Sim sim = new Sim(7);
        assertSame(sim.random("a"), sim.random("a"));
        assertFalse(Arrays.equals(draw(new Sim(7).random("a"), 10),
                draw(new Sim(7).random("b"), 10)));
        assertFalse(Arrays.equals(draw(new Sim(7).random("a"), 10),
                draw(new Sim(8).random("a"), 10)));
    }

    @Test
    void values_are_pinned_so_runs_match_across_java_versions() {
        // SplitMix64 over a seed mixed from (seed, name): fixed here so a change is noticed.
        RandomStream stream = new RandomStream(42, "arrivals");
        assertEquals(-892091143288210864L, stream.nextLong());
        assertEquals(2714455722297795668L, stream.nextLong());
    }

    @Test
    void doubles_are_uniform_and_bounded_ints_stay_in_range() {
        RandomStream stream = new Sim(1).random("u");
        int[] buckets = new int[10];
        for (int i = 0; i < 100_000; i++) {
            double d = stream.nextDouble();
            assertTrue(d >= 0 && d < 1);
            buckets[stream.nextInt(10)]++;
        }
        for (int count : buckets) {
            assertEquals(10_000, count, 400);
        }
    }

    @Test
    void chance_comes_up_at_the_given_rate() {
        RandomStream stream = new Sim(1).random("coin");
        int hits = 0;
        for (int i = 0; i < 100_000; i++) {
            if (stream.chance(0.3)) {
                hits++;
            }
        }
        assertEquals(0.3, hits / 100_000.0, 0.01);
    }
}
