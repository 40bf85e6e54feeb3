/**
 * The server state machine of SecAgg over a SecAgg+ neighbour graph: routing, collection,
 * unmasking.
 */
package dev.tacit.secagg.server;
