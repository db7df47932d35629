package dev.loadbearing.sim.figure;

import java.util.List;

/**
 * A Jepsen-style timeline: one lane per node or process, spans of activity on the lanes, and
 * bands marking faults across all of them.
 *
 * @param type always {@code "timeline"}
 * @param title the chart's title
 * @param lanes the lanes, top to bottom
 * @param spans what happened on each lane
 * @param bands faults, shaded across every lane
 */
public record Timeline(String type, String title, List<String> lanes, List<Span> spans,
        List<Band> bands) implements Figure {

    /**
     * Checks the type and copies the lists.
     *
     * @param type see the record description
     * @param title see the record description
     * @param lanes see the record description
     * @param spans see the record description
     * @param bands see the record description
     */
    public Timeline {
        if (!"timeline".equals(type)) {
            throw new IllegalArgumentException("a timeline has type \"timeline\"");
        }
        lanes = List.copyOf(lanes);
        spans = List.copyOf(spans);
        bands = List.copyOf(bands);
    }

    /**
     * Creates a timeline.
     *
     * @param title the chart's title
     * @param lanes the lanes, top to bottom
     * @param spans what happened on each lane
     * @param bands faults, shaded across every lane
     */
    public Timeline(String title, List<String> lanes, List<Span> spans, List<Band> bands) {
        this("timeline", title, lanes, spans, bands);
    }

    /**
     * Something that lasted a while on one lane.
     *
     * @param lane the lane it belongs to
     * @param start when it started, in seconds
     * @param end when it ended, in seconds
     * @param label what it was
     * @param status how to colour it: {@code "ok"}, {@code "fail"}, {@code "info"} (unknown
     *     outcome) or {@code "down"}
     */
    public record Span(String lane, double start, double end, String label, String status) {
    }
}
