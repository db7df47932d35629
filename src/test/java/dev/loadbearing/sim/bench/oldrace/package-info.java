/**
 * The race explorer as it was before it ran on one thread (each process on an OS thread, handed
 * control one step at a time), kept only so that {@code bench/race.sh} can time the old and the
 * new explorer in one run. Not used by anything else.
 */
package dev.loadbearing.sim.bench.oldrace;
