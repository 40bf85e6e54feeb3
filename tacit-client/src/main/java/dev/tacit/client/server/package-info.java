/** The device's view of the Tacit server, and an in-process server for tests and simulations. */
package dev.tacit.client.server;
