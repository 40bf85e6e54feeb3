/** Cryptographic building blocks from the JDK: HKDF, X25519, the mask PRG, share encryption. */
package dev.tacit.secagg.crypto;
