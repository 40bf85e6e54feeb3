/**
 * A device's side of a federated round and the wire form both sides share: {@link
 * dev.tacit.federated.round.DeviceRound} takes a device through the four SecAgg+ phases over a
 * {@link dev.tacit.federated.round.RoundTransport}; {@link dev.tacit.federated.round.SecAggWire}
 * and {@link dev.tacit.federated.round.PlanWire} map the messages to their wire records. The
 * server's state machine is {@code dev.tacit.federated.server.round} in tacit-federated-server.
 */
package dev.tacit.federated.round;
