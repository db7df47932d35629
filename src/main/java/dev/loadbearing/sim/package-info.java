/**
 * A deterministic discrete-event simulation of the systems the course teaches. Start with
 * {@link dev.loadbearing.sim.Sim} (virtual time, events, seeded random streams, invariants),
 * then the models: {@link dev.loadbearing.sim.Network}, {@link dev.loadbearing.sim.Server},
 * {@link dev.loadbearing.sim.Workload}, the {@link dev.loadbearing.sim.LoadBalancer} SPI with
 * its {@link dev.loadbearing.sim.LoadBalancerScenario}, and {@link dev.loadbearing.sim.Metrics}.
 * docs/SIMULATION.md is the guide.
 */
package dev.loadbearing.sim;
