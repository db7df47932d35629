/** The author API of live lesson simulations: a scenario, its parameters and what a run shows. */
package dev.loadbearing.sim.live;
