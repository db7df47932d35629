/**
 * Sharding: a keyspace split over named {@link dev.loadbearing.sim.shard.Shard shards} by a
 * {@link dev.loadbearing.sim.shard.ShardRouter}. A {@link dev.loadbearing.sim.shard.ShardedKeyspace}
 * routes a set of keys over a set of shards (as every application server's own router would,
 * sharing nothing), giving a {@link dev.loadbearing.sim.shard.Placement}: which shard holds each
 * key and how even the shards are. Two placements give a {@link dev.loadbearing.sim.shard.Movement}:
 * how many keys changed shard when shards were added or removed, where they went, and what copying
 * them costs (bytes and time, at a per-shard ingest bandwidth). {@link dev.loadbearing.sim.shard.ShardHash}
 * is a well-mixed, stable 64-bit hash for routers to build on. A {@link dev.loadbearing.sim.shard.ShardCluster}
 * is shards that take time per operation and per byte, with batch copies between them, for live
 * resharding under traffic.
 */
package dev.loadbearing.sim.shard;
