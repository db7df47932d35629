package dev.loadbearing.sim.engine;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One named source of randomness in a simulation, obtained with {@link Sim#random(String)}. It is
 * a SplitMix64 generator whose seed mixes the simulation seed with the stream's name, so each
 * stream's values depend only on those two: adding or using another stream never changes them.
 * The algorithm is written out here (not borrowed from the JDK) so runs stay identical across
 * Java versions.
 */
@LearnerApi
public final class RandomStream implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final String name;
    private long state;

    /**
     * Creates the stream a simulation with this seed hands out under this name.
     *
     * @param seed the simulation seed
     * @param name the stream's name
     */
    @LearnerApi.Internal("use the stream you are given: a Node's random(), or one a test passes you")
    public RandomStream(long seed, String name) {
        this.name = name;
        this.state = mix(seed ^ mix(hash(name)));
    }

    /**
     * Returns the stream's name.
     *
     * @return the name it was created with
     */
    @LearnerApi
    public String name() {
        return name;
    }

    /**
     * Returns the next 64 random bits.
     *
     * @return a uniformly distributed {@code long}
     */
    @LearnerApi
    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /**
     * Returns a uniformly distributed value in [0, 1).
     *
     * @return the value, with 53 random bits
     */
    @LearnerApi
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Returns a uniformly distributed value in [0, bound).
     *
     * @param bound the exclusive upper bound, more than zero
     * @return the value
     */
    @LearnerApi
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /**
     * Returns {@code true} with the given probability.
     *
     * @param probability between 0 and 1
     * @return whether the chance came up
     */
    @LearnerApi
    public boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /**
     * Returns a uniformly chosen element.
     *
     * @param items a non-empty list
     * @param <T> the element type
     * @return one of the items
     */
    @LearnerApi
    public <T> T pick(List<T> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("cannot pick from an empty list");
        }
        return items.get(nextInt(items.size()));
    }

    @Override
    public String toString() {
        return "RandomStream[" + name + "]";
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over the name's UTF-16 code units: stable across JVMs, unlike identity hashes. */
    private static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
