package dev.loadbearing.sim.metrics;

import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.figure.HistogramChart;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Recorded latencies with percentiles, kept in an HdrHistogram (three significant digits, so a
 * percentile is within 0.1% of the exact value) plus an exact sum for the mean.
 * {@link #coarse()} makes a smaller, faster recorder for runs that keep one per time window.
 */
public final class Latencies {
    /** The largest latency a coarse recorder tells apart; longer ones count as this. */
    private static final long COARSE_LIMIT = Time.HOUR;
    private final Histogram histogram;
    private final long limit;
    private long sum;

    /** Creates an empty recorder. */
    public Latencies() {
        this(new Histogram(3), Long.MAX_VALUE);
    }

    private Latencies(Histogram histogram, long limit) {
        this.histogram = histogram;
        this.limit = limit;
    }

    /**
     * Creates an empty recorder with two significant digits (a percentile within 1% of the exact
     * value) and a fixed range up to an hour, so it never grows: about a tenth of the memory and
     * time of the default one, for scenarios that keep a recorder per window of a long run.
     * Latencies over an hour count as an hour.
     *
     * @return the recorder
     */
    public static Latencies coarse() {
        return new Latencies(new Histogram(1, COARSE_LIMIT, 2), COARSE_LIMIT);
    }

    /**
     * Records one latency.
     *
     * @param nanos the latency, at least zero
     */
    public void record(long nanos) {
        histogram.recordValue(Math.min(nanos, limit));
        sum += nanos;
    }

    /**
     * Adds every latency another recorder holds, as if they had been recorded here: merge the
     * recorders of several runs or servers and read percentiles over all of them.
     *
     * @param other the recorder to add (unchanged)
     * @return this recorder
     */
    public Latencies add(Latencies other) {
        histogram.add(other.histogram);
        sum += other.sum;
        return this;
    }

    /**
     * Returns a new recorder holding the latencies of all the given ones.
     *
     * @param recorders the recorders to merge (unchanged)
     * @return the merged recorder
     */
    public static Latencies merged(Iterable<Latencies> recorders) {
        Latencies all = new Latencies();
        for (Latencies recorder : recorders) {
            all.add(recorder);
        }
        return all;
    }

    /** Forgets every latency recorded so far. */
    public void reset() {
        histogram.reset();
        sum = 0;
    }

    /**
     * Returns how many latencies were recorded.
     *
     * @return the count
     */
    public long count() {
        return histogram.getTotalCount();
    }

    /**
     * Returns the exact mean.
     *
     * @return nanoseconds, or 0 when empty
     */
    public double mean() {
        long count = count();
        return count == 0 ? 0 : sum / (double) count;
    }

    /**
     * Returns a percentile.
     *
     * @param percentile between 0 and 100, such as 99 for p99
     * @return nanoseconds, or 0 when empty
     */
    public long percentile(double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }

    /**
     * Returns the largest latency.
     *
     * @return nanoseconds, or 0 when empty
     */
    public long max() {
        return count() == 0 ? 0 : histogram.getMaxValue();
    }

    /**
     * Returns the usual percentiles in milliseconds.
     *
     * @return count, mean, p50, p90, p99 and max
     */
    public LatencySummary summary() {
        return new LatencySummary(count(), Time.toMillis(Math.round(mean())),
                Time.toMillis(percentile(50)), Time.toMillis(percentile(90)),
                Time.toMillis(percentile(99)), Time.toMillis(max()));
    }

    /**
     * Draws the latencies as a histogram in milliseconds with p50, p90 and p99 marked. The bins
     * cover the range up to twice the p99; anything slower lands in the last bin.
     *
     * @param title the chart's title
     * @param binCount how many bins, at least one
     * @return the chart
     */
    public HistogramChart chart(String title, int binCount) {
        List<HistogramChart.Marker> markers = List.of(
                new HistogramChart.Marker("p50", Time.toMillis(percentile(50))),
                new HistogramChart.Marker("p90", Time.toMillis(percentile(90))),
                new HistogramChart.Marker("p99", Time.toMillis(percentile(99))));
        if (count() == 0) {
            return new HistogramChart(title, "latency (ms)", List.of(), markers);
        }
        long low = histogram.getMinValue();
        long high = Math.max(low + 1, Math.min(max(), 2 * percentile(99)) + 1);
        double width = (high - low) / (double) binCount;
        long[] counts = new long[binCount];
        for (HistogramIterationValue value : histogram.recordedValues()) {
            int bin = (int) ((value.getValueIteratedTo() - low) / width);
            counts[Math.min(binCount - 1, Math.max(0, bin))] += value.getCountAtValueIteratedTo();
        }
        List<HistogramChart.Bin> bins = new ArrayList<>(binCount);
        for (int i = 0; i < binCount; i++) {
            bins.add(new HistogramChart.Bin(Time.toMillis(Math.round(low + i * width)),
                    Time.toMillis(Math.round(low + (i + 1) * width)), counts[i]));
        }
        return new HistogramChart(title, "latency (ms)", bins, markers);
    }
}
