package dev.tacit.client.store;

import static dev.tacit.check.Preconditions.checkArgument;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;

/**
 * Supplies the key that wraps the store's keyset, kept apart from the data: an AES key in a {@link
 * KeyStore} ({@link #keyStore}: the Android Keystore, a PKCS12 file), an AEAD the app holds ({@link
 * #of}), or one derived from a passphrase by scrypt ({@link #passphrase}).
 */
public interface KeyProvider {

  /**
   * The AEAD that wraps and unwraps the keyset.
   *
   * @param salt the store's random, public salt (16 bytes), for providers that derive their key
   * @throws GeneralSecurityException if the key is not available
   */
  Aead wrappingAead(byte[] salt) throws GeneralSecurityException;

  /** A short description for the export, with no secret in it (e.g. "passphrase (scrypt)"). */
  String description();

  /** A provider backed by an AEAD the app holds, such as an Android Keystore or KMS key. */
  static KeyProvider of(Aead aead, String description) {
    checkArgument(aead != null && description != null, "aead and description must be given");
    return new KeyProvider() {
      @Override
      public Aead wrappingAead(byte[] salt) {
        return aead;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String toString() {
        return "KeyProvider[" + description + "]";
      }
    };
  }

  /**
   * A provider backed by the AES key under {@code alias} in {@code keyStore} (the Android Keystore,
   * or a PKCS12 file loaded by the app), used through {@code javax.crypto} AES-GCM so that a key
   * the keystore never reveals works too. The key is looked up each time the keyset is wrapped or
   * unwrapped; the password is copied.
   *
   * @param password the entry's password, or null for a keystore whose entries have none (Android)
   * @throws IllegalArgumentException if the keystore or alias is missing
   */
  static KeyProvider keyStore(KeyStore keyStore, String alias, char[] password) {
    checkArgument(keyStore != null, "keyStore must be given");
    checkArgument(alias != null && !alias.isEmpty(), "alias must be a non-empty string");
    char[] copy = password == null ? null : password.clone();
    String description = "AES key '" + alias + "' in a " + keyStore.getType() + " keystore";
    return new KeyProvider() {
      @Override
      public Aead wrappingAead(byte[] salt) throws GeneralSecurityException {
        return KeyStoreAead.of(keyStore, alias, copy);
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String toString() {
        return "KeyProvider[" + description + "]";
      }
    };
  }

  /**
   * A passphrase through scrypt with {@link Scrypt.Params#interactive()} (the chars are copied).
   */
  static KeyProvider passphrase(char[] passphrase) {
    return passphrase(passphrase, Scrypt.Params.interactive());
  }

  /**
   * A passphrase through scrypt (RFC 7914) with the given cost, to a 256-bit AES-GCM key.
   *
   * @throws IllegalArgumentException if the passphrase is shorter than 8 characters
   */
  static KeyProvider passphrase(char[] passphrase, Scrypt.Params params) {
    checkArgument(
        passphrase != null && passphrase.length >= 8,
        "passphrase must have at least 8 characters, had %s",
        (passphrase == null ? 0 : passphrase.length));
    checkArgument(params != null, "params must be given");
    char[] copy = passphrase.clone();
    return new KeyProvider() {
      @Override
      public Aead wrappingAead(byte[] salt) throws GeneralSecurityException {
        byte[] key = Scrypt.derive(copy, salt, params, 32);
        try {
          return new AesGcmJce(key);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }

      @Override
      public String description() {
        return "passphrase (scrypt N="
            + params.n()
            + ", r="
            + params.r()
            + ", p="
            + params.p()
            + ")";
      }

      @Override
      public String toString() {
        return "KeyProvider[" + description() + "]";
      }
    };
  }
}
