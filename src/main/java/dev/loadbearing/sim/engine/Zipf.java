package dev.loadbearing.sim.engine;

import java.util.Locale;

/**
 * Zipf's law over ranks 1..n: rank k comes up with probability proportional to 1/k^s. It models
 * key popularity: a few hot keys take most of the traffic. Sampling is a binary search over the
 * precomputed cumulative distribution, exact for any exponent.
 *
 * <pre>{@code
 * Zipf popularity = Distribution.zipf(10_000, 0.99);
 * int key = popularity.rank(sim.random("keys"));   // 1 is the most popular key
 * }</pre>
 */
@LearnerApi(allMembers = true)
public final class Zipf implements Distribution {
    private final int n;
    private final double exponent;
    private final double[] cumulative;

    /**
     * Creates the distribution.
     *
     * @param n the number of ranks, at least one
     * @param exponent the skew s, at least zero
     */
    public Zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("zipf needs at least one rank, was " + n);
        }
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("zipf exponent must not be negative");
        }
        this.n = n;
        this.exponent = exponent;
        this.cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += Math.pow(k, -exponent);
            cumulative[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
        cumulative[n - 1] = 1.0;
    }

    /**
     * Draws a rank.
     *
     * @param random the stream to draw from
     * @return a rank between 1 (most popular) and n
     */
    public int rank(RandomStream random) {
        double u = random.nextDouble();
        int low = 0;
        int high = n - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > u) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low + 1;
    }

    /**
     * Draws a rank as a number; see {@link #rank(RandomStream)}.
     *
     * @param random the stream to draw from
     * @return a rank between 1 and n
     */
    @Override
    public double sample(RandomStream random) {
        return rank(random);
    }

    /**
     * Returns the exact probability of a rank.
     *
     * @param rank between 1 and n
     * @return its probability
     */
    public double probability(int rank) {
        if (rank < 1 || rank > n) {
            throw new IllegalArgumentException("rank must be in 1.." + n + ", was " + rank);
        }
        return rank == 1 ? cumulative[0] : cumulative[rank - 1] - cumulative[rank - 2];
    }

    /**
     * Returns the number of ranks.
     *
     * @return n
     */
    public int size() {
        return n;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Zipf[n=%d, s=%s]", n, exponent);
    }
}
