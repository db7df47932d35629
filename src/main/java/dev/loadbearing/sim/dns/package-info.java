/**
 * Simulated DNS: an authoritative {@link dev.loadbearing.sim.dns.Dns} server with TTLs, answer
 * order, health checks and a {@link dev.loadbearing.sim.dns.Dns.Policy} for learners, and caching
 * {@link dev.loadbearing.sim.dns.Resolver}s that honour or ignore TTLs. docs/SIMULATION.md,
 * section 10, is the guide.
 */
package dev.loadbearing.sim.dns;
