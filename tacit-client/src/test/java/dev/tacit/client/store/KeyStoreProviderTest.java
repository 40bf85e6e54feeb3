package dev.tacit.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreProviderTest {
  private static final char[] PASSWORD = "keystore password".toCharArray();

  @TempDir Path dir;

  /** A PKCS12 keystore holding a new AES-256 key under {@code alias}, written and read back. */
  private static KeyStore pkcs12(String alias) throws Exception {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setEntry(
        alias,
        new KeyStore.SecretKeyEntry(generator.generateKey()),
        new KeyStore.PasswordProtection(PASSWORD));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ks.store(file, PASSWORD);
    KeyStore loaded = KeyStore.getInstance("PKCS12");
    loaded.load(new ByteArrayInputStream(file.toByteArray()), PASSWORD);
    return loaded;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aStore_wrappedByAKeystoreKey_reopensWithTheSameKey() throws Exception {
    KeyProvider keys = KeyProvider.keyStore(pkcs12("tacit"), "tacit", PASSWORD);
    try (EncryptedStore s = EncryptedStore.open(dir, keys, Durability.WRITE, new SecureRandom())) {
      s.append(ascii("an event"));
    }
    try (EncryptedStore s = EncryptedStore.open(dir, keys, Durability.WRITE, new SecureRandom())) {
      assertThat(s.records()).containsExactly(ascii("an event"));
    }
    assertThat(keys.description()).isEqualTo("AES key 'tacit' in a PKCS12 keystore");
  }

  @Test
  void aStore_withAnotherKeystoresKey_failsToOpen() throws Exception {
    KeyProvider keys = KeyProvider.keyStore(pkcs12("tacit"), "tacit", PASSWORD);
    EncryptedStore.open(dir, keys, Durability.WRITE, new SecureRandom()).close();
    KeyProvider other = KeyProvider.keyStore(pkcs12("tacit"), "tacit", PASSWORD);

    assertThatThrownBy(() -> EncryptedStore.open(dir, other, Durability.WRITE, new SecureRandom()))
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining("cannot be unwrapped");
  }

  @Test
  void wrappingAead_detectsAnyChangeToTheCiphertextOrItsAssociatedData() throws Exception {
    Aead aead = KeyProvider.keyStore(pkcs12("tacit"), "tacit", PASSWORD).wrappingAead(new byte[16]);
    byte[] sealed = aead.encrypt(ascii("keyset"), ascii("ad"));

    assertThat(aead.decrypt(sealed, ascii("ad"))).isEqualTo(ascii("keyset"));
    assertThat(aead.encrypt(ascii("keyset"), ascii("ad"))).isNotEqualTo(sealed);
    for (int i = 0; i < sealed.length; i++) {
      byte[] b = sealed.clone();
      b[i] ^= 0x01;
      assertThatThrownBy(() -> aead.decrypt(b, ascii("ad")))
          .isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> aead.decrypt(sealed, ascii("other")))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void aMissingAlias_failsWithItsName() throws Exception {
    KeyProvider keys = KeyProvider.keyStore(pkcs12("tacit"), "absent", PASSWORD);

    assertThatThrownBy(() -> keys.wrappingAead(new byte[16]))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("the PKCS12 keystore holds no AES key under 'absent'");
  }

  @Test
  void keyStore_withoutAKeystoreOrAlias_isRefused() throws Exception {
    assertThatThrownBy(() -> KeyProvider.keyStore(null, "tacit", PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyStore must be given");
    KeyStore ks = pkcs12("tacit");
    assertThatThrownBy(() -> KeyProvider.keyStore(ks, "", PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alias must be a non-empty string");
  }
}
