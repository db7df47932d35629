package dev.loadbearing.sim.figure;

import java.util.List;

/**
 * Lines over time, such as each server's load per second, with bands marking faults.
 *
 * @param type always {@code "timeseries"}
 * @param title the chart's title
 * @param yLabel what the lines measure
 * @param series the lines
 * @param bands shaded spans of time, such as a crash or a partition
 */
public record TimeSeriesChart(String type, String title, String yLabel, List<Series> series,
        List<Band> bands) implements Figure {

    /**
     * Checks the type and copies the lists.
     *
     * @param type see the record description
     * @param title see the record description
     * @param yLabel see the record description
     * @param series see the record description
     * @param bands see the record description
     */
    public TimeSeriesChart {
        if (!"timeseries".equals(type)) {
            throw new IllegalArgumentException("a time series has type \"timeseries\"");
        }
        series = List.copyOf(series);
        bands = List.copyOf(bands);
    }

    /**
     * Creates a time-series chart; the x axis is seconds of virtual time.
     *
     * @param title the chart's title
     * @param yLabel what the lines measure
     * @param series the lines
     * @param bands shaded spans of time
     */
    public TimeSeriesChart(String title, String yLabel, List<Series> series, List<Band> bands) {
        this("timeseries", title, yLabel, series, bands);
    }

    /**
     * One line: points (seconds[i], values[i]).
     *
     * @param name the line's name, such as a server's
     * @param seconds the times, increasing
     * @param values one value per time
     */
    public record Series(String name, List<Double> seconds, List<Double> values) {
        /**
         * Checks that times and values pair up.
         *
         * @param name see the record description
         * @param seconds see the record description
         * @param values see the record description
         */
        public Series {
            seconds = List.copyOf(seconds);
            values = List.copyOf(values);
            if (seconds.size() != values.size()) {
                throw new IllegalArgumentException("a series needs one value per time");
            }
        }
    }
}
