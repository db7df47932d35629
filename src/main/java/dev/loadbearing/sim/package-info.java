/**
 * A deterministic discrete-event simulation of the systems the course teaches. Start with
 * {@link dev.loadbearing.sim.engine.Sim} (virtual time, events, seeded random streams, invariants),
 * then the models: {@link dev.loadbearing.sim.net.Network}, {@link dev.loadbearing.sim.server.Server},
 * {@link dev.loadbearing.sim.workload.Workload}, the {@link dev.loadbearing.sim.server.LoadBalancer} SPI with
 * its {@link dev.loadbearing.sim.scenario.LoadBalancerScenario}, and {@link dev.loadbearing.sim.metrics.Metrics}.
 * Further models live in sub-packages: {@code dns}, {@code store} (cache and database),
 * {@code broker} and {@code node} (message-passing nodes); histories and the linearizability
 * checker in {@code check}, the race explorer in {@code race}. docs/SIMULATION.md is the guide.
 */
package dev.loadbearing.sim;
