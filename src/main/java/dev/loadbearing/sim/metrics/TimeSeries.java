package dev.loadbearing.sim.metrics;

import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.TimeSeriesChart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Values over virtual time, grouped in buckets of fixed width. A {@linkplain #counter counter}
 * adds up what happens in each bucket (requests served per second); a {@linkplain #gauge gauge}
 * averages samples of a level (queue length).
 */
public final class TimeSeries {
    private final String name;
    private final long bucket;
    private final boolean gauge;
    private double[] sums = new double[16];
    private long[] counts = new long[16];
    private int used;

    private TimeSeries(String name, long bucket, boolean gauge) {
        if (bucket <= 0) {
            throw new IllegalArgumentException("bucket width must be positive");
        }
        this.name = name;
        this.bucket = bucket;
        this.gauge = gauge;
    }

    /**
     * Creates a series that sums what is added in each bucket.
     *
     * @param name the series' name
     * @param bucket the bucket width in nanoseconds
     * @return the series
     */
    public static TimeSeries counter(String name, long bucket) {
        return new TimeSeries(name, bucket, false);
    }

    /**
     * Creates a series that averages the samples in each bucket.
     *
     * @param name the series' name
     * @param bucket the bucket width in nanoseconds
     * @return the series
     */
    public static TimeSeries gauge(String name, long bucket) {
        return new TimeSeries(name, bucket, true);
    }

    /**
     * Adds a value (counter) or a sample (gauge) at a time.
     *
     * @param time nanoseconds since the start of the run
     * @param value the amount or the sampled level
     */
    public void add(long time, double value) {
        int index = (int) (time / bucket);
        if (index >= sums.length) {
            int capacity = Math.max(index + 1, sums.length * 2);
            sums = Arrays.copyOf(sums, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        sums[index] += value;
        counts[index]++;
        used = Math.max(used, index + 1);
    }

    /**
     * Returns the value of a bucket: the sum for a counter, the mean sample for a gauge.
     *
     * @param index the bucket number, from 0
     * @return the value, 0 for an empty bucket
     */
    public double value(int index) {
        if (index >= used) {
            return 0;
        }
        return gauge ? (counts[index] == 0 ? 0 : sums[index] / counts[index]) : sums[index];
    }

    /**
     * Returns the number of buckets up to the last one with data.
     *
     * @return buckets
     */
    public int size() {
        return used;
    }

    /**
     * Returns the series' name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the series as chart data, one point per bucket at the bucket's start.
     *
     * @param buckets how many buckets to include (pads with zeros to line series up)
     * @return the series
     */
    public TimeSeriesChart.Series toSeries(int buckets) {
        List<Double> seconds = new ArrayList<>(buckets);
        List<Double> values = new ArrayList<>(buckets);
        for (int i = 0; i < buckets; i++) {
            seconds.add(Time.toSeconds(i * bucket));
            values.add(value(i));
        }
        return new TimeSeriesChart.Series(name, seconds, values);
    }
}
