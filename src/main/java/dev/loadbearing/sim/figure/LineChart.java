package dev.loadbearing.sim.figure;

import java.util.List;

/**
 * Lines over a numeric x axis that is not time, such as p99 latency against utilisation, with a
 * theory curve beside the measured one.
 *
 * @param type always {@code "line"}
 * @param title the chart's title
 * @param xLabel what the x axis measures
 * @param yLabel what the lines measure
 * @param series the lines
 */
public record LineChart(String type, String title, String xLabel, String yLabel, List<Series> series)
        implements Figure {

    /**
     * Checks the type and copies the list.
     *
     * @param type see the record description
     * @param title see the record description
     * @param xLabel see the record description
     * @param yLabel see the record description
     * @param series see the record description
     */
    public LineChart {
        if (!"line".equals(type)) {
            throw new IllegalArgumentException("a line chart has type \"line\"");
        }
        series = List.copyOf(series);
    }

    /**
     * Creates a line chart.
     *
     * @param title the chart's title
     * @param xLabel what the x axis measures
     * @param yLabel what the lines measure
     * @param series the lines
     */
    public LineChart(String title, String xLabel, String yLabel, List<Series> series) {
        this("line", title, xLabel, yLabel, series);
    }

    /**
     * One line: points (x[i], y[i]), drawn in the order given.
     *
     * @param name the line's name
     * @param x the x values
     * @param y one y value per x value
     */
    public record Series(String name, List<Double> x, List<Double> y) {
        /**
         * Checks that the values pair up.
         *
         * @param name see the record description
         * @param x see the record description
         * @param y see the record description
         */
        public Series {
            x = List.copyOf(x);
            y = List.copyOf(y);
            if (x.size() != y.size()) {
                throw new IllegalArgumentException("a line needs one y value per x value");
            }
        }
    }
}
