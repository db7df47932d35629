/**
 * Measurements: latencies (mergeable HdrHistogram recorders), outcomes, throughput, per-server counts and time series, with a warm-up window and reset; charts built from them.
 */
package dev.loadbearing.sim.metrics;
