package dev.loadbearing.sim;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.engine.Zipf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DistributionTest {
    private static final int N = 200_000;

    private static double[] samples(Distribution distribution) {
        RandomStream random = new Sim(11).random("samples");
        double[] values = new double[N];
        for (int i = 0; i < N; i++) {
            values[i] = distribution.sample(random);
        }
        return values;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    @Test
    void constant_always_gives_its_value() {
        assertEquals(7.0, Arrays.stream(samples(Distribution.constant(7))).distinct().sum());
    }

    @Test
    void uniform_stays_within_bounds_with_the_middle_as_mean() {
        double[] values = samples(Distribution.uniform(10, 20));
        assertTrue(Arrays.stream(values).allMatch(v -> v >= 10 && v < 20));
        assertEquals(15, mean(values), 0.05);
    }

    @Test
    void exponential_has_its_mean_and_memoryless_tail() {
        double[] values = samples(Distribution.exponential(Time.ms(10)));
        assertEquals(Time.ms(10), mean(values), Time.ms(10) * 0.01);
        long beyondTwoMeans = Arrays.stream(values).filter(v -> v > Time.ms(20)).count();
        assertEquals(Math.exp(-2), beyondTwoMeans / (double) N, 0.005);
    }

    @Test
    void erlang_has_its_mean_and_less_spread_than_the_exponential() {
        double[] values = samples(Distribution.erlang(4, Time.ms(80)));
        double mean = mean(values);
        double sd = Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / N);
        assertEquals(Time.ms(80), mean, Time.ms(80) * 0.01);
        assertEquals(0.5, sd / mean, 0.01, "coefficient of variation 1/sqrt(4)");
        assertTrue(Arrays.stream(values).allMatch(v -> v > 0));
        double[] one = samples(Distribution.erlang(1, Time.ms(10)));
        assertEquals(Math.exp(-2), Arrays.stream(one).filter(v -> v > Time.ms(20)).count() / (double) N, 0.005,
                "one phase is the exponential");
    }

    @Test
    void normal_has_its_mean_and_standard_deviation() {
        double[] values = samples(Distribution.normal(100, 15));
        double mean = mean(values);
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / N;
        assertEquals(100, mean, 0.2);
        assertEquals(15, Math.sqrt(variance), 0.2);
    }

    @Test
    void pareto_never_goes_below_its_scale_and_has_the_requested_mean() {
        double[] values = samples(Distribution.paretoWithMean(10, 3));
        assertTrue(Arrays.stream(values).allMatch(v -> v >= 10 * 2 / 3.0));
        assertEquals(10, mean(values), 0.3);
    }

    @Test
    void empirical_only_gives_observed_values_in_their_proportions() {
        double[] values = samples(Distribution.empirical(1, 1, 1, 5));
        assertTrue(Arrays.stream(values).allMatch(v -> v == 1 || v == 5));
        assertEquals(0.25, Arrays.stream(values).filter(v -> v == 5).count() / (double) N, 0.01);
    }

    @Test
    void zipf_frequencies_follow_the_power_law() {
        Zipf zipf = Distribution.zipf(1_000, 1.0);
        RandomStream random = new Sim(5).random("keys");
        int[] counts = new int[1_001];
        for (int i = 0; i < N; i++) {
            counts[zipf.rank(random)]++;
        }
        double harmonic = 0;
        for (int k = 1; k <= 1_000; k++) {
            harmonic += 1.0 / k;
        }
        assertEquals(1 / harmonic, zipf.probability(1), 1e-12);
        for (int rank : new int[] {1, 2, 3, 10}) {
            double expected = N * zipf.probability(rank);
            assertEquals(expected, counts[rank], 4 * Math.sqrt(expected), "rank " + rank);
        }
        assertEquals(2.0, counts[1] / (double) counts[2], 0.1);
        assertEquals(0, counts[0]);
    }

    @Test
    void zipf_with_exponent_zero_is_uniform() {
        Zipf zipf = Distribution.zipf(4, 0);
        for (int rank = 1; rank <= 4; rank++) {
            assertEquals(0.25, zipf.probability(rank), 1e-12);
        }
    }

    @Test
    void durations_are_rounded_and_never_negative() {
        RandomStream random = new Sim(1).random("d");
        assertEquals(0, Distribution.constant(-5).sampleNanos(random));
        assertEquals(3, Distribution.constant(2.6).sampleNanos(random));
        assertEquals(20, Distribution.constant(10).times(2).sampleNanos(random));
    }
}
