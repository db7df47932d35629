/**
 * Reference implementations of the seven classic load-balancing algorithms, written against the
 * public {@link dev.loadbearing.sim.server.LoadBalancer} SPI exactly as a learner would. They test the
 * SPI and serve as yardsticks; they are deliberately not part of the library.
 */
package dev.loadbearing.sim.reference;
