/**
 * An append-only {@link dev.loadbearing.sim.eventlog.EventLog} of {@link
 * dev.loadbearing.sim.eventlog.LogEvent}s (a global position and a version per entity), and
 * {@link dev.loadbearing.sim.eventlog.Projection}s that feed it, in order and at least once, to a
 * {@link dev.loadbearing.sim.eventlog.Projector} keeping a {@link
 * dev.loadbearing.sim.eventlog.ReadModel}: the query side of CQRS. docs/SIMULATION.md, section
 * 13b, is the guide.
 */
package dev.loadbearing.sim.eventlog;
