package dev.loadbearing.sim.figure;

/** A chart the result page can draw; see the implementing records. */
public sealed interface Figure permits BarChart, HistogramChart, LineChart, TimeSeriesChart, Timeline {
    /**
     * Returns what kind of chart this is, so the page knows how to draw it.
     *
     * @return {@code "bar"}, {@code "histogram"}, {@code "timeseries"} or {@code "timeline"}
     */
    String type();

    /**
     * Returns the chart's title.
     *
     * @return the title
     */
    String title();
}
