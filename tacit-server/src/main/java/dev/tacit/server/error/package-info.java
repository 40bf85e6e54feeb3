/** The server's typed refusals, each with its error code: the HTTP layer answers them by code. */
package dev.tacit.server.error;
