/**
 * One federated round as a transport-agnostic state machine over SecAgg+ ({@link
 * dev.tacit.federated.server.round.RoundSession}): recruiting, the four SecAgg+ phases with
 * deadlines, then the server step. The HTTP server and the in-process test server drive the same
 * class; the wire mapping of its messages is {@link dev.tacit.federated.round.SecAggWire}.
 */
package dev.tacit.federated.server.round;
