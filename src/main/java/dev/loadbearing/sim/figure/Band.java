package dev.loadbearing.sim.figure;

/**
 * A shaded span of virtual time on a chart, such as a crash, a slow-down or a partition.
 *
 * @param start when it starts, in seconds
 * @param end when it ends, in seconds (the end of the run if it never ended)
 * @param label what happened
 */
public record Band(double start, double end, String label) {
}
