/**
 * Clients that send requests: open loops (Poisson arrivals, bursts, daily curves) and closed loops (users who wait and think).
 */
package dev.loadbearing.sim.workload;
