/**
 * A fleet of real {@code TacitClient}s in one process, each with its own encrypted store, talking
 * to a real server over HTTP: for {@code tacit demo}, the end-to-end tests and benchmarks. Devices
 * can be made to drop out at a chosen phase of a round, as a phone that loses its network would.
 */
package dev.tacit.sim.fleet;
