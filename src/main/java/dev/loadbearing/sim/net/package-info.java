/**
 * A simulated network: nodes are names; links have latency, loss, duplication and reordering; partitions cut links until they heal.
 */
package dev.loadbearing.sim.net;
