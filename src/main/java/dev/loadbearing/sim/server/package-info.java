/**
 * Servers with workers and a queue, the requests they serve and their outcomes, and the load-balancing SPI: {@link dev.loadbearing.sim.server.LoadBalancer} picks a {@link dev.loadbearing.sim.server.Backend} of a {@link dev.loadbearing.sim.server.ServerPool}. Outcomes are decided here only (request completion is package-private).
 */
package dev.loadbearing.sim.server;
