package dev.loadbearing.sim.live;

import dev.loadbearing.sim.figure.Figure;
import java.util.List;

/**
 * What one run of a {@link LiveScenario} shows.
 *
 * @param summary the result in one or two plain sentences, for screen readers and pages without
 *     scripts
 * @param figures the charts, drawn with the same code as exercise results
 */
public record LiveRun(String summary, List<Figure> figures) {
    /**
     * Copies the figures.
     *
     * @param summary see the record description
     * @param figures see the record description
     */
    public LiveRun {
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("a run needs a summary");
        }
        figures = List.copyOf(figures);
    }
}
