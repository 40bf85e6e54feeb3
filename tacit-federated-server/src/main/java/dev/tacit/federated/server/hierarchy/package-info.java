/**
 * Hierarchical secure aggregation: a release whose population is split into several SecAgg+
 * cohorts, whose sums the server adds, with the noise shares sized for the whole population.
 */
package dev.tacit.federated.server.hierarchy;
