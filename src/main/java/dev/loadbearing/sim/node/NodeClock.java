package dev.loadbearing.sim.node;

import dev.loadbearing.sim.engine.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A node's own wall clock, which is not the simulation's true time: it starts off by an
 * {@linkplain #offset(long) offset} (skew), runs fast or slow by a {@linkplain #drift(double)
 * drift rate} in parts per million, and may be {@linkplain #stepAt(long, long) stepped} at given
 * moments, as NTP steps a clock that has wandered too far (often backwards). A node reads it with
 * {@link Node#wallTime()}; {@link Node#now()} stays the true time. Everything is a function of
 * the true time, so a run repeats exactly.
 *
 * <pre>{@code
 * cluster.clock("n2").offset(-Time.ms(300)).drift(200);   // 300 ms behind, gaining 0.2 ms per second
 * cluster.clock("n3").stepAt(Time.seconds(2), -Time.ms(500));   // at 2 s it jumps back half a second
 * }</pre>
 *
 * <p>The reading at true time {@code t} is {@code t + offset + t * ppm / 1,000,000 + } the sum
 * of the steps made at or before {@code t}. A node's clock belongs to its machine: it survives
 * the node's crashes and restarts. A clock that is never configured reads the true time.
 */
public final class NodeClock {
    private final String node;
    private long offset;
    private double ppm;
    private final List<long[]> steps = new ArrayList<>();

    NodeClock(String node) {
        this.node = node;
    }

    /**
     * Sets how far the clock is off the true time at time zero (its skew).
     *
     * @param nanos positive if the clock is ahead, negative if it is behind
     * @return this clock
     */
    public NodeClock offset(long nanos) {
        this.offset = nanos;
        return this;
    }

    /**
     * Sets how fast the clock drifts: a quartz clock is typically within 10 to 100 ppm, so 100 ppm
     * gains 0.1 ms every second (8.6 s a day).
     *
     * @param partsPerMillion positive if the clock runs fast, negative if slow; between -1,000,000
     *     and 1,000,000 (exclusive) so the clock never stops or runs backwards by itself
     * @return this clock
     */
    public NodeClock drift(double partsPerMillion) {
        if (!(partsPerMillion > -1_000_000 && partsPerMillion < 1_000_000)) {
            throw new IllegalArgumentException("drift must be within +-1,000,000 ppm, was " + partsPerMillion);
        }
        this.ppm = partsPerMillion;
        return this;
    }

    /**
     * Steps the clock at a true time: from then on it reads {@code delta} more (a negative delta
     * sets it back, and readings repeat times the node already saw).
     *
     * @param time the true time of the step, in nanoseconds
     * @param delta how far the clock jumps, in nanoseconds
     * @return this clock
     */
    public NodeClock stepAt(long time, long delta) {
        if (time < 0) {
            throw new IllegalArgumentException("a step's time must not be negative, was " + time);
        }
        steps.add(new long[] {time, delta});
        return this;
    }

    /**
     * Returns what the clock reads at a true time.
     *
     * @param trueTime the simulation's time, in nanoseconds
     * @return the clock's reading, in nanoseconds (negative if it is far enough behind)
     */
    public long read(long trueTime) {
        long reading = trueTime + offset + Math.round(trueTime * (ppm / 1_000_000));
        for (long[] step : steps) {
            if (step[0] <= trueTime) {
                reading += step[1];
            }
        }
        return reading;
    }

    /**
     * Returns how far the clock is off the true time at a given time: {@code read(t) - t}.
     *
     * @param trueTime the simulation's time, in nanoseconds
     * @return the error, in nanoseconds; positive if the clock is ahead
     */
    public long error(long trueTime) {
        return read(trueTime) - trueTime;
    }

    /**
     * Returns the node the clock belongs to.
     *
     * @return the node's id
     */
    public String node() {
        return node;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s's clock: offset %+.3f ms, drift %+.1f ppm",
                node, offset / 1e6, ppm));
        for (long[] step : steps) {
            text.append(String.format(Locale.ROOT, ", step %+.3f ms at %s", step[1] / 1e6, Time.format(step[0])));
        }
        return text.toString();
    }
}
