package dev.tacit.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskPrgTest {
  private static final HexFormat HEX = HexFormat.of();

  /** NIST SP 800-38A, F.5.1 CTR-AES128.Encrypt: the output blocks are the keystream. */
  @Test
  void keystream_matchesNistSp80038aF51() {
    byte[] streamKey =
        HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c" + "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    byte[] plaintext =
        HEX.parseHex(
            "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    byte[] ciphertext =
        HEX.parseHex(
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                + "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");

    byte[] keystream = new byte[64];
    MaskPrg.keystream(streamKey, keystream);

    assertThat(HEX.formatHex(keystream))
        .isEqualTo(
            "ec8cdf7398607cb0f2d21675ea9ea1e4362b7c3c6773516318a077d7fc5073ae"
                + "6a2cc3787889374fbeb4c81b17ba6c44e89c399ff0f198c6d40a31db156cabfe");
    for (int i = 0; i < 64; i++) {
      assertThat((byte) (plaintext[i] ^ keystream[i])).isEqualTo(ciphertext[i]);
    }
  }

  @Test
  void addTo_addsLittleEndianWordsOfTheKeystream() {
    byte[] streamKey = new byte[32];
    new SplittableRandom(1).nextBytes(streamKey);
    int length = 20_000;
    byte[] keystream = new byte[length * 8];
    MaskPrg.keystream(streamKey, keystream);
    ByteBuffer words = ByteBuffer.wrap(keystream).order(ByteOrder.LITTLE_ENDIAN);

    long[] acc32 = new long[length];
    Arrays.fill(acc32, 5);
    MaskPrg.addTo(streamKey, acc32, 32, false);
    long[] acc64 = new long[length];
    MaskPrg.addTo(streamKey, acc64, 64, true);
    int[] accInt = new int[length];
    MaskPrg.addTo(streamKey, accInt, false);
    long[] acc32Minus = new long[length];
    MaskPrg.addTo(streamKey, acc32Minus, 32, true);
    long[] acc64Plus = new long[length];
    Arrays.fill(acc64Plus, 9);
    MaskPrg.addTo(streamKey, acc64Plus, 64, false);
    int[] accIntMinus = new int[length];
    Arrays.fill(accIntMinus, 11);
    MaskPrg.addTo(streamKey, accIntMinus, true);

    for (int i = 0; i < length; i++) {
      assertThat(acc32[i] & 0xffff_ffffL)
          .isEqualTo((5 + (words.getInt(4 * i) & 0xffff_ffffL)) & 0xffff_ffffL);
      assertThat(acc64[i]).isEqualTo(-words.getLong(8 * i));
      assertThat(accInt[i]).isEqualTo(words.getInt(4 * i));
      assertThat(acc32Minus[i] & 0xffff_ffffL).isEqualTo(-words.getInt(4 * i) & 0xffff_ffffL);
      assertThat(acc64Plus[i]).isEqualTo(9 + words.getLong(8 * i));
      assertThat(accIntMinus[i]).isEqualTo(11 - words.getInt(4 * i));
    }
  }

  @Test
  void addThenSubtract_restoresTheVector() {
    byte[] streamKey = new byte[32];
    streamKey[3] = 7;
    long[] vector = new long[100_003];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = i * 31L;
    }
    long[] copy = vector.clone();

    MaskPrg.addTo(streamKey, vector, 32, false);
    assertThat(vector).isNotEqualTo(copy);
    MaskPrg.addTo(streamKey, vector, 32, true);

    assertThat(vector).isEqualTo(copy);
  }
}
