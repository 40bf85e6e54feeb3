/**
 * The encrypted local store: Tink AEAD under a keyset wrapped by an app-supplied key, atomic
 * writes, crypto-shredding.
 */
package dev.tacit.client.store;
