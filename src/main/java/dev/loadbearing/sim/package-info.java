/**
 * A deterministic discrete-event simulation of the systems the course teaches. Start with
 * {@link dev.loadbearing.sim.Sim} (virtual time, events, seeded random streams, invariants),
 * then the models: {@link dev.loadbearing.sim.Network}, {@link dev.loadbearing.sim.Server},
 * {@link dev.loadbearing.sim.Workload}, the {@link dev.loadbearing.sim.LoadBalancer} SPI with
 * its {@link dev.loadbearing.sim.LoadBalancerScenario}, and {@link dev.loadbearing.sim.Metrics}.
 * Further models live in sub-packages: {@code dns}, {@code store} (cache and database),
 * {@code broker} and {@code node} (message-passing nodes); histories and the linearizability
 * checker in {@code check}, the race explorer in {@code race}. docs/SIMULATION.md is the guide.
 */
package dev.loadbearing.sim;
