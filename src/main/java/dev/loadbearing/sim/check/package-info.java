/**
 * Checking correctness under concurrency: operation histories and a linearizability checker (Wing and Gong with Lowe's memoisation), with models for registers and key-value stores.
 */
package dev.loadbearing.sim.check;
