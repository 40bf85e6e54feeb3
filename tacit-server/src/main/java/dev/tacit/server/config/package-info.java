/**
 * The server's settings ({@link dev.tacit.server.config.ServerConfig}): address, storage, tokens,
 * budgets and limits, read by every route package and by {@code TacitServer}, which wires them. A
 * package of its own so that the route packages depend on it, not on the root package that depends
 * on them.
 */
package dev.tacit.server.config;
