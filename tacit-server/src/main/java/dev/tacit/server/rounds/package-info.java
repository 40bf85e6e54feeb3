/**
 * Federated rounds over HTTP: {@link dev.tacit.server.rounds.RoundService} runs one {@code
 * RoundSession} of {@code tacit-federated-server} at a time, keeps every change of phase in the
 * database, publishes each new model version with its optimizer state, charges the privacy ledger,
 * and aborts a round that was in flight when the server stopped; {@link
 * dev.tacit.server.rounds.RoundRoutes} maps check-in and the SecAgg+ phases to {@code /v1} routes.
 */
package dev.tacit.server.rounds;
