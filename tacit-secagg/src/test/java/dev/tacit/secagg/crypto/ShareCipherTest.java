package dev.tacit.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class ShareCipherTest {
  private final byte[] key = new byte[32];
  private final byte[] nonce = new byte[12];
  private final byte[] aad = "session|1|2".getBytes(StandardCharsets.UTF_8);
  private final byte[] plaintext = "share".getBytes(StandardCharsets.UTF_8);

  @Test
  void open_ofSealed_returnsThePlaintext() throws Exception {
    byte[] sealed = ShareCipher.seal(key, nonce, plaintext, aad);

    assertThat(sealed).hasSize(plaintext.length + ShareCipher.TAG_LENGTH);
    assertThat(ShareCipher.open(key, nonce, sealed, aad)).isEqualTo(plaintext);
  }

  @Test
  void open_withOtherAssociatedData_fails() {
    byte[] sealed = ShareCipher.seal(key, nonce, plaintext, aad);
    byte[] otherAad = "session|1|3".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ShareCipher.open(key, nonce, sealed, otherAad))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void open_withModifiedTag_fails() {
    byte[] sealed = ShareCipher.seal(key, nonce, plaintext, aad);
    sealed[sealed.length - 1] ^= 0x40;

    assertThatThrownBy(() -> ShareCipher.open(key, nonce, sealed, aad))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void open_withOtherKey_fails() {
    byte[] sealed = ShareCipher.seal(key, nonce, plaintext, aad);
    byte[] otherKey = key.clone();
    otherKey[0] = 1;

    assertThatThrownBy(() -> ShareCipher.open(otherKey, nonce, sealed, aad))
        .isInstanceOf(AEADBadTagException.class);
  }
}
