/**
 * The model explorer: what the shared model has learned, read from the published model alone (no
 * user data): the items it recommends most, each item's nearest items, and its catalogue coverage.
 */
package dev.tacit.server.explorer;
