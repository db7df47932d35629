/**
 * Figures as plain data: records of strings, numbers and lists that serialise to JSON as they
 * are (Jackson needs no annotations), for the result page to draw. Every figure has a
 * {@code type} ({@code "bar"}, {@code "histogram"}, {@code "timeseries"}, {@code "timeline"}) and
 * a title; times on axes are seconds of virtual time.
 */
package dev.loadbearing.sim.figure;
