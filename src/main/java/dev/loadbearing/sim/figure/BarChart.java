package dev.loadbearing.sim.figure;

import java.util.List;

/**
 * Bars with labels, such as requests per server.
 *
 * @param type always {@code "bar"}
 * @param title the chart's title
 * @param xLabel what the bars are
 * @param yLabel what their height measures
 * @param labels one label per bar
 * @param values one height per bar
 */
public record BarChart(String type, String title, String xLabel, String yLabel,
        List<String> labels, List<Double> values) implements Figure {

    /**
     * Checks the type and that labels and values pair up.
     *
     * @param type see the record description
     * @param title see the record description
     * @param xLabel see the record description
     * @param yLabel see the record description
     * @param labels see the record description
     * @param values see the record description
     */
    public BarChart {
        if (!"bar".equals(type)) {
            throw new IllegalArgumentException("a bar chart has type \"bar\"");
        }
        labels = List.copyOf(labels);
        values = List.copyOf(values);
        if (labels.size() != values.size()) {
            throw new IllegalArgumentException("a bar chart needs one value per label");
        }
    }

    /**
     * Creates a bar chart.
     *
     * @param title the chart's title
     * @param xLabel what the bars are
     * @param yLabel what their height measures
     * @param labels one label per bar
     * @param values one height per bar
     */
    public BarChart(String title, String xLabel, String yLabel, List<String> labels,
            List<Double> values) {
        this("bar", title, xLabel, yLabel, labels, values);
    }
}
