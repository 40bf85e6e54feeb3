/**
 * The device's view of the Tacit server: its requests, and their HTTP form over a pluggable {@link
 * dev.tacit.client.transport.HttpTransport}.
 */
package dev.tacit.client.server;
