/**
 * The engine at the bottom of the library: {@link dev.loadbearing.sim.engine.Sim} (events in virtual time, invariants, step limit), {@link dev.loadbearing.sim.engine.Time}, seeded {@link dev.loadbearing.sim.engine.RandomStream}s, {@link dev.loadbearing.sim.engine.Distribution}s, {@link dev.loadbearing.sim.engine.Fault}s, the shared crash bookkeeping {@link dev.loadbearing.sim.engine.Outages}, and the {@link dev.loadbearing.sim.engine.LearnerApi} mark. It depends on nothing but the JDK and the figure records.
 */
package dev.loadbearing.sim.engine;
