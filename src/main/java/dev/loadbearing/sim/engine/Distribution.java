package dev.loadbearing.sim.engine;

import java.util.Arrays;
import java.util.Locale;

/**
 * A probability distribution of numbers, sampled with a {@link RandomStream}. Durations are
 * numbers of nanoseconds, so {@code Distribution.exponential(Time.ms(10))} is an exponential
 * service time with a 10 ms mean.
 *
 * <pre>{@code
 * RandomStream random = sim.random("service");
 * long serviceTime = Distribution.exponential(Time.ms(10)).sampleNanos(random);
 * }</pre>
 */
@LearnerApi(allMembers = true)
@FunctionalInterface
public interface Distribution {
    /**
     * Draws one value.
     *
     * @param random the stream to draw from
     * @return the value
     */
    double sample(RandomStream random);

    /**
     * Draws one value as a duration: rounded to whole nanoseconds and never negative.
     *
     * @param random the stream to draw from
     * @return nanoseconds, at least zero
     */
    default long sampleNanos(RandomStream random) {
        double value = sample(random);
        return value <= 0 ? 0 : Math.round(value);
    }

    /**
     * Returns this distribution with every value multiplied by a factor.
     *
     * @param factor the multiplier
     * @return the scaled distribution
     */
    default Distribution times(double factor) {
        Distribution base = this;
        return new Distribution() {
            @Override
            public double sample(RandomStream random) {
                return base.sample(random) * factor;
            }

            @Override
            public String toString() {
                return base + " x " + factor;
            }
        };
    }

    /**
     * Always the same value.
     *
     * @param value the value
     * @return the distribution
     */
    static Distribution constant(double value) {
        return new Distributions.Constant(value);
    }

    /**
     * Uniform between two bounds.
     *
     * @param low the smallest value
     * @param high the bound values stay below
     * @return the distribution
     */
    static Distribution uniform(double low, double high) {
        if (!(high >= low)) {
            throw new IllegalArgumentException("uniform needs low <= high, was " + low + ", " + high);
        }
        return new Distributions.Uniform(low, high);
    }

    /**
     * Exponential with the given mean: the time between arrivals of a Poisson process, or a
     * memoryless service time.
     *
     * @param mean the mean, more than zero
     * @return the distribution
     */
    static Distribution exponential(double mean) {
        if (!(mean > 0)) {
            throw new IllegalArgumentException("exponential mean must be positive, was " + mean);
        }
        return new Distributions.Exponential(mean);
    }

    /**
     * Normal (Gaussian). As a duration, negative draws count as zero.
     *
     * @param mean the mean
     * @param standardDeviation the standard deviation, at least zero
     * @return the distribution
     */
    static Distribution normal(double mean, double standardDeviation) {
        if (!(standardDeviation >= 0)) {
            throw new IllegalArgumentException("standard deviation must not be negative");
        }
        return new Distributions.Normal(mean, standardDeviation);
    }

    /**
     * Erlang: the sum of {@code phases} exponential stages, so with the same mean it varies less
     * than an exponential (its coefficient of variation is 1/sqrt(phases)). A realistic service
     * time for work that is mostly alike: {@code erlang(4, Time.ms(80))} is rarely under 20 ms
     * or over 200 ms. One phase is the exponential.
     *
     * @param phases how many exponential stages, at least one
     * @param mean the mean of the sum, more than zero
     * @return the distribution
     */
    static Distribution erlang(int phases, double mean) {
        if (phases < 1) {
            throw new IllegalArgumentException("erlang needs at least one phase, was " + phases);
        }
        if (!(mean > 0)) {
            throw new IllegalArgumentException("erlang mean must be positive, was " + mean);
        }
        return new Distributions.Erlang(phases, mean);
    }

    /**
     * Pareto: heavy-tailed, most values near {@code scale} and a few very large ones.
     *
     * @param scale the smallest value, more than zero
     * @param shape the tail index; smaller means a heavier tail (the mean is infinite at or
     *     below 1)
     * @return the distribution
     */
    static Distribution pareto(double scale, double shape) {
        if (!(scale > 0) || !(shape > 0)) {
            throw new IllegalArgumentException("pareto needs positive scale and shape");
        }
        return new Distributions.Pareto(scale, shape);
    }

    /**
     * Pareto with a given mean: the scale is {@code mean * (shape - 1) / shape}.
     *
     * @param mean the mean, more than zero
     * @param shape the tail index, more than 1
     * @return the distribution
     */
    static Distribution paretoWithMean(double mean, double shape) {
        if (!(shape > 1)) {
            throw new IllegalArgumentException("a Pareto mean needs shape > 1, was " + shape);
        }
        return pareto(mean * (shape - 1) / shape, shape);
    }

    /**
     * Zipf over ranks 1..n: rank k is drawn with probability proportional to 1/k^exponent.
     *
     * @param n the number of ranks
     * @param exponent the skew; 0 is uniform, around 1 is typical of key popularity
     * @return the distribution
     */
    static Zipf zipf(int n, double exponent) {
        return new Zipf(n, exponent);
    }

    /**
     * Resamples observed values: each draw is one of the observations, chosen uniformly.
     *
     * @param observations measured values, at least one
     * @return the distribution
     */
    static Distribution empirical(double... observations) {
        if (observations.length == 0) {
            throw new IllegalArgumentException("empirical needs at least one observation");
        }
        return new Distributions.Empirical(observations.clone());
    }
}

/** The built-in distributions; records give them readable {@code toString}s. */
final class Distributions {
    private Distributions() {
    }

    record Constant(double value) implements Distribution {
        @Override
        public double sample(RandomStream random) {
            return value;
        }
    }

    record Uniform(double low, double high) implements Distribution {
        @Override
        public double sample(RandomStream random) {
            return low + (high - low) * random.nextDouble();
        }
    }

    record Exponential(double mean) implements Distribution {
        @Override
        public double sample(RandomStream random) {
            return -mean * Math.log(1.0 - random.nextDouble());
        }
    }

    record Erlang(int phases, double mean) implements Distribution {
        @Override
        public double sample(RandomStream random) {
            double product = 1;
            for (int i = 0; i < phases; i++) {
                product *= 1.0 - random.nextDouble();
            }
            return -mean / phases * Math.log(product);
        }
    }

    record Normal(double mean, double standardDeviation) implements Distribution {
        @Override
        public double sample(RandomStream random) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            return mean + standardDeviation
                    * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
    }

    record Pareto(double scale, double shape) implements Distribution {
        @Override
        public double sample(RandomStream random) {
            return scale / Math.pow(1.0 - random.nextDouble(), 1.0 / shape);
        }
    }

    record Empirical(double[] observations) implements Distribution {
        @Override
        public double sample(RandomStream random) {
            return observations[random.nextInt(observations.length)];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Empirical e && Arrays.equals(observations, e.observations);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(observations);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Empirical[%d observations]", observations.length);
        }
    }
}
