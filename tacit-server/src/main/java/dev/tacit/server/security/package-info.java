/** Secrets, token hashing and TLS key material of the server. */
package dev.tacit.server.security;
