/** The {@code tacit} command line. */
package dev.tacit.cli;
