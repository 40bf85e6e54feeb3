package dev.tacit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cTest {
  @Test
  void checkValue_ofRfc3720_andTheEmptyInput() {
    // The CRC catalogue's check value of CRC-32/ISCSI: the CRC of "123456789".
    assertThat(Crc32c.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xE3069283L);
    assertThat(Crc32c.of(new byte[0])).isZero();
  }

  @Test
  void matchesTheJdk_onRandomRanges() {
    SplittableRandom random = new SplittableRandom(7);
    for (int t = 0; t < 200; t++) {
      byte[] bytes = new byte[random.nextInt(1, 2000)];
      random.nextBytes(bytes);
      int offset = random.nextInt(bytes.length);
      int length = random.nextInt(bytes.length - offset + 1);
      CRC32C jdk = new CRC32C();
      jdk.update(bytes, offset, length);

      assertThat(Crc32c.of(bytes, offset, length)).isEqualTo(jdk.getValue());
    }
  }

  @Test
  void aRangeOutsideTheArray_isRefused() {
    assertThatThrownBy(() -> Crc32c.of(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("range [2, 2 + 3) of 4 bytes");
    assertThatThrownBy(() -> Crc32c.of(new byte[4], -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
