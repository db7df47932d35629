/**
 * Remote procedure calls over the simulated network: clients call methods of services with
 * request and response sizes, deadlines, cancellation, gRPC status codes and server streaming.
 */
package dev.loadbearing.sim.rpc;
