package dev.loadbearing.sim.engine;

import dev.loadbearing.sim.figure.Band;
import java.util.ArrayList;
import java.util.List;

/**
 * A fault that lasted a while: a crash until the restart, a pause until the resume. Models keep
 * a list of them so that charts can shade them as bands.
 *
 * @param label what happened, such as {@code "cache crashed"}
 * @param start when it started, in nanoseconds since the start of the run
 * @param end when it ended, or -1 while it lasts
 */
public record Fault(String label, long start, long end) {

    /**
     * Returns whether the fault is still going on.
     *
     * @return {@code true} until it ends
     */
    public boolean isActive() {
        return end < 0;
    }

    /**
     * Returns the fault as a band for a chart.
     *
     * @param now the time to end a fault that is still going on, in nanoseconds
     * @return a band in seconds
     */
    public Band band(long now) {
        return new Band(Time.toSeconds(start), Time.toSeconds(end < 0 ? now : end), label);
    }

    /**
     * Returns faults as bands for a chart.
     *
     * @param faults the faults
     * @param now the time to end faults that are still going on, in nanoseconds
     * @return one band per fault, in the same order
     */
    public static List<Band> bands(List<Fault> faults, long now) {
        List<Band> bands = new ArrayList<>(faults.size());
        for (Fault fault : faults) {
            bands.add(fault.band(now));
        }
        return bands;
    }

    /**
     * Returns this fault ended at a time.
     *
     * @param time when it ended, in nanoseconds
     * @return a copy with that end
     */
    public Fault endedAt(long time) {
        return new Fault(label, start, time);
    }
}
