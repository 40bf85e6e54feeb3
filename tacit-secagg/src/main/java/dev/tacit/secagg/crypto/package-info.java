/**
 * Cryptographic building blocks: HKDF, X25519 and Ed25519 behind {@link
 * dev.tacit.secagg.crypto.Curve25519} (JDK or Tink provider), the mask PRG, share encryption.
 */
package dev.tacit.secagg.crypto;
