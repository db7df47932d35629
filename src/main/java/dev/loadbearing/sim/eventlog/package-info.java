/**
 * An append-only {@link dev.loadbearing.sim.eventlog.EventLog} of {@link
 * dev.loadbearing.sim.eventlog.LogEvent}s (a global position and a version per entity), and
 * {@link dev.loadbearing.sim.eventlog.Projection}s that feed it, in order and at least once, to a
 * {@link dev.loadbearing.sim.eventlog.Projector} keeping a {@link
 * dev.loadbearing.sim.eventlog.ReadModel}: the query side of CQRS. A database's change stream
 * ({@code Datastore.changeStream()}) is such a log of its committed rows. docs/SIMULATION.md,
 * sections 13b and 13c, is the guide.
 */
package dev.loadbearing.sim.eventlog;
