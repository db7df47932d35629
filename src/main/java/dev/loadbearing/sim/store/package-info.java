/**
 * Simulated storage: a {@link dev.loadbearing.sim.store.Cache} (capacity, LRU, TTL, crash loses
 * contents) and a {@link dev.loadbearing.sim.store.Datastore} (versioned {@link
 * dev.loadbearing.sim.store.Row}s, {@link dev.loadbearing.sim.store.Transaction}s with row locks,
 * compare-and-set, crash and recovery). Calls take virtual time and answer with a
 * {@link dev.loadbearing.sim.store.Reply} through a callback. docs/SIMULATION.md, sections 11
 * and 12, is the guide.
 */
package dev.loadbearing.sim.store;
