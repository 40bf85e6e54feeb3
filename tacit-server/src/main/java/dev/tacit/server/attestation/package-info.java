/**
 * The hook an operator fills to admit only devices that prove they are a genuine app on a genuine
 * device (Play Integrity, App Attest) when they register.
 */
package dev.tacit.server.attestation;
