/**
 * A whole SecAgg+ session, the server and every client, run in one process with dropouts injected
 * at each phase: for simulations, tests and benchmarks.
 */
package dev.tacit.sim.secagg;
