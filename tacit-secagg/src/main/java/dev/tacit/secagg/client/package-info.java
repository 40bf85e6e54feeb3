/**
 * The client state machine of SecAgg (Bonawitz et al., CCS 2017) over a SecAgg+ neighbour graph.
 */
package dev.tacit.secagg.client;
