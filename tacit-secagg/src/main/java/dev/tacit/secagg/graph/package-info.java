/**
 * The sparse neighbour graph of SecAgg+ (Bell et al., CCS 2020): a randomly relabelled Harary
 * graph.
 */
package dev.tacit.secagg.graph;
