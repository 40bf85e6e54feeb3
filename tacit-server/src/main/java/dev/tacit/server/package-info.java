/** The Tacit coordinator: configuration, lifecycle and the HTTP server that devices talk to. */
package dev.tacit.server;
