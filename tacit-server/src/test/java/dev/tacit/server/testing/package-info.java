/** Servers set up for the tests of other modules, shipped in tacit-server's test-jar. */
package dev.tacit.server.testing;
