/**
 * Message-passing {@link dev.loadbearing.sim.node.Node}s written as handlers (messages and
 * timers, no threads), run by a {@link dev.loadbearing.sim.node.Cluster} that injects crashes,
 * restarts and pauses, and a {@link dev.loadbearing.sim.node.KvClient} that records what a
 * key-value store's clients see as a history for the linearizability checker.
 * docs/SIMULATION.md, section 14, is the guide.
 */
package dev.loadbearing.sim.node;
