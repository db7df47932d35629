/**
 * Fleets that grow and shrink during a run: an {@link dev.loadbearing.sim.scale.Autoscaler}
 * reads a {@link dev.loadbearing.sim.scale.FleetWindow} of measurements every window and answers
 * a {@link dev.loadbearing.sim.scale.Scaling}: hold, a number of instances (horizontal scaling,
 * with a boot delay) or a bigger {@link dev.loadbearing.sim.scale.InstanceType} (vertical scaling,
 * a rolling restart). A {@link dev.loadbearing.sim.scale.Fleet} runs the instances, balances
 * requests over those that are up, and bills every instance from launch to termination.
 */
package dev.loadbearing.sim.scale;
