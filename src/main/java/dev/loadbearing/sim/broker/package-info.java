/**
 * A simulated message {@link dev.loadbearing.sim.broker.Broker}: {@link
 * dev.loadbearing.sim.broker.Topic}s with keyed partitions, {@link
 * dev.loadbearing.sim.broker.ConsumerGroup}s, at-least-once {@link
 * dev.loadbearing.sim.broker.Delivery} with redelivery after an ack timeout, a dead-letter queue
 * and consumer lag. docs/SIMULATION.md, section 13, is the guide.
 */
package dev.loadbearing.sim.broker;
