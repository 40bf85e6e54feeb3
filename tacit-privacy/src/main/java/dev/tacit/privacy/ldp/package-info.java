/**
 * Local differential privacy: frequency oracles for counting over a known domain without trusting
 * the server.
 */
package dev.tacit.privacy.ldp;
