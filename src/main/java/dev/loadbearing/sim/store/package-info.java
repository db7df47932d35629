/**
 * Simulated storage: a {@link dev.loadbearing.sim.store.Cache} (capacity, LRU, TTL, crash loses
 * contents), a {@link dev.loadbearing.sim.store.Datastore} (versioned {@link
 * dev.loadbearing.sim.store.Row}s, {@link dev.loadbearing.sim.store.Transaction}s with row locks,
 * compare-and-set, crash and recovery) and a {@link dev.loadbearing.sim.store.WideColumnStore}
 * (partitions of {@link dev.loadbearing.sim.store.Cell}s sorted by clustering key, one partition
 * per call, a write limit per partition, no multi-row transactions), and a {@link
 * dev.loadbearing.sim.store.RelationalDatabase} (a query cost model: {@link dev.loadbearing.sim.store.Table}s,
 * B-tree {@link dev.loadbearing.sim.store.Index}es, and a planner whose {@link dev.loadbearing.sim.store.Plan}
 * explains the access path chosen). Calls take virtual time and
 * answer with a {@link dev.loadbearing.sim.store.Reply} through a callback. docs/SIMULATION.md,
 * sections 11, 12, 12b and 12c, is the guide.
 */
package dev.loadbearing.sim.store;
