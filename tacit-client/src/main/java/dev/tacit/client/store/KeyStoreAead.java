package dev.tacit.client.store;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Tink's {@link Aead} over a {@link KeyStore}'s AES key with {@code javax.crypto} AES-GCM: the
 * cipher draws the 96-bit nonce (as the Android Keystore insists), and the ciphertext is {@code
 * nonce || ciphertext || 128-bit tag}.
 */
final class KeyStoreAead implements Aead {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;

  private KeyStoreAead(SecretKey key) {
    this.key = key;
  }

  /**
   * The AEAD of the AES key under {@code alias}.
   *
   * @throws GeneralSecurityException if the keystore is not loaded, or holds no secret key there
   */
  static KeyStoreAead of(KeyStore keyStore, String alias, char[] password)
      throws GeneralSecurityException {
    Key key = keyStore.getKey(alias, password);
    if (!(key instanceof SecretKey secret) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
      throw new GeneralSecurityException(
          "the "
              + keyStore.getType()
              + " keystore holds no AES key under '"
              + alias
              + "'"
              + (key == null ? "" : " (it holds a " + key.getAlgorithm() + " key)"));
    }
    return new KeyStoreAead(secret);
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(Cipher.ENCRYPT_MODE, key);
    byte[] nonce = cipher.getIV();
    if (nonce == null || nonce.length != NONCE) {
      throw new GeneralSecurityException("the cipher drew no 96-bit nonce");
    }
    if (associatedData != null) {
      cipher.updateAAD(associatedData);
    }
    byte[] sealed = cipher.doFinal(plaintext);
    byte[] out = new byte[NONCE + sealed.length];
    System.arraycopy(nonce, 0, out, 0, NONCE);
    System.arraycopy(sealed, 0, out, NONCE, sealed.length);
    return out;
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < NONCE + TAG_BITS / 8) {
      throw new GeneralSecurityException("ciphertext too short: " + ciphertext.length + " bytes");
    }
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE));
    if (associatedData != null) {
      cipher.updateAAD(associatedData);
    }
    return cipher.doFinal(ciphertext, NONCE, ciphertext.length - NONCE);
  }
}
