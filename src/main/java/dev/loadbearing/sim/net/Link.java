package dev.loadbearing.sim.net;

import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.Time;
import java.util.Locale;

/**
 * How a link of a {@link Network} behaves: latency, bandwidth, loss, duplication and reordering. A link
 * between two nodes, obtained with {@link Network#link(String, String)}, applies to both
 * directions; every setting it leaves unset falls back to {@link Network#defaults()}.
 */
public final class Link {
    private final Link fallback;
    private Distribution latency;
    private double loss = Double.NaN;
    private double duplicate = Double.NaN;
    private double reorder = Double.NaN;
    private Distribution reorderDelay;
    private double bandwidth = Double.NaN;

    Link(Link fallback) {
        this.fallback = fallback;
    }

    /**
     * Sets the one-way latency of each message.
     *
     * @param latency a distribution of nanoseconds
     * @return this link
     */
    public Link latency(Distribution latency) {
        this.latency = latency;
        return this;
    }

    /**
     * Sets a constant one-way latency.
     *
     * @param nanos the latency in nanoseconds
     * @return this link
     */
    public Link latency(long nanos) {
        return latency(Distribution.constant(nanos));
    }

    /**
     * Sets the probability that a message is lost.
     *
     * @param probability between 0 and 1
     * @return this link
     */
    public Link loss(double probability) {
        this.loss = probability(probability);
        return this;
    }

    /**
     * Sets the probability that a message is delivered twice (the copy gets its own latency).
     *
     * @param probability between 0 and 1
     * @return this link
     */
    public Link duplicate(double probability) {
        this.duplicate = probability(probability);
        return this;
    }

    /**
     * Makes some messages overtake others: with the given probability a message is held back by
     * an extra delay, so later messages on the same link can arrive first.
     *
     * @param probability between 0 and 1
     * @param extraDelay the extra delay of held-back messages, in nanoseconds
     * @return this link
     */
    public Link reorder(double probability, Distribution extraDelay) {
        this.reorder = probability(probability);
        this.reorderDelay = extraDelay;
        return this;
    }

    /**
     * Sets the link's bandwidth in each direction. A message then takes {@code bytes / bandwidth}
     * to put on the wire on top of its latency, and messages in the same direction go out one
     * after another: a large response delays the ones sent after it.
     *
     * <pre>{@code
     * net.link("web", "orders").latency(Time.ms(40)).bandwidth(Link.megabitsPerSecond(100));
     * // 1 MB from web to orders: 80 ms on the wire + 40 ms latency = 120 ms
     * }</pre>
     *
     * @param bytesPerSecond more than zero, or {@link Double#POSITIVE_INFINITY} for no limit (the default)
     * @return this link
     */
    public Link bandwidth(double bytesPerSecond) {
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("bandwidth must be positive, was " + bytesPerSecond);
        }
        this.bandwidth = bytesPerSecond;
        return this;
    }

    /**
     * Converts megabits per second, the unit links are sold in, to bytes per second.
     *
     * @param megabits megabits per second
     * @return bytes per second, for {@link #bandwidth(double)}
     */
    public static double megabitsPerSecond(double megabits) {
        return megabits * 1_000_000 / 8;
    }

    /**
     * Returns how long a message of this size takes to put on the wire, without latency or waiting.
     *
     * @param bytes the message's size
     * @return nanoseconds; 0 when the bandwidth is unlimited
     */
    public long transmissionNanos(int bytes) {
        double bw = bandwidth();
        return bytes <= 0 || Double.isInfinite(bw) ? 0 : (long) Math.ceil(bytes * 1e9 / bw);
    }

    double bandwidth() {
        return !Double.isNaN(bandwidth) ? bandwidth : fallback.bandwidth();
    }

    Distribution latency() {
        return latency != null ? latency : fallback.latency();
    }

    double loss() {
        return !Double.isNaN(loss) ? loss : fallback.loss();
    }

    double duplicate() {
        return !Double.isNaN(duplicate) ? duplicate : fallback.duplicate();
    }

    double reorder() {
        return !Double.isNaN(reorder) ? reorder : fallback.reorder();
    }

    Distribution reorderDelay() {
        return reorderDelay != null ? reorderDelay : fallback.reorderDelay();
    }

    static Link root() {
        Link root = new Link(null);
        root.latency = Distribution.constant(Time.ms(1));
        root.loss = 0;
        root.duplicate = 0;
        root.reorder = 0;
        root.reorderDelay = Distribution.constant(0);
        root.bandwidth = Double.POSITIVE_INFINITY;
        return root;
    }

    private static double probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + p);
        }
        return p;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Link[latency=%s, loss=%s, duplicate=%s, reorder=%s, bandwidth=%s]",
                latency(), loss(), duplicate(), reorder(), bandwidth());
    }
}
