/**
 * Ready-made scenarios for tests: a workload through a learner's load balancer into a pool of servers, with a report and figures.
 */
package dev.loadbearing.sim.scenario;
