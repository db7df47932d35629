package dev.loadbearing.sim.figure;

import java.util.List;

/**
 * A histogram, such as the distribution of latencies.
 *
 * @param type always {@code "histogram"}
 * @param title the chart's title
 * @param xLabel what the bins measure, with its unit
 * @param bins the bins in increasing order
 * @param markers named vertical lines, such as percentiles
 */
public record HistogramChart(String type, String title, String xLabel, List<Bin> bins,
        List<Marker> markers) implements Figure {

    /**
     * Checks the type and copies the lists.
     *
     * @param type see the record description
     * @param title see the record description
     * @param xLabel see the record description
     * @param bins see the record description
     * @param markers see the record description
     */
    public HistogramChart {
        if (!"histogram".equals(type)) {
            throw new IllegalArgumentException("a histogram has type \"histogram\"");
        }
        bins = List.copyOf(bins);
        markers = List.copyOf(markers);
    }

    /**
     * Creates a histogram.
     *
     * @param title the chart's title
     * @param xLabel what the bins measure, with its unit
     * @param bins the bins in increasing order
     * @param markers named vertical lines, such as percentiles
     */
    public HistogramChart(String title, String xLabel, List<Bin> bins, List<Marker> markers) {
        this("histogram", title, xLabel, bins, markers);
    }

    /**
     * One bin of a histogram.
     *
     * @param from the lower bound, included
     * @param to the upper bound, excluded
     * @param count how many values fell in it
     */
    public record Bin(double from, double to, long count) {
    }

    /**
     * A named vertical line on a histogram.
     *
     * @param label its name, such as {@code "p99"}
     * @param x where it stands
     */
    public record Marker(String label, double x) {
    }
}
