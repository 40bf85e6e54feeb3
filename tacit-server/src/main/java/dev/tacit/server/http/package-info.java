/** The {@code /v1} HTTP API: routes, authentication, rate limits and the mapping of errors. */
package dev.tacit.server.http;
