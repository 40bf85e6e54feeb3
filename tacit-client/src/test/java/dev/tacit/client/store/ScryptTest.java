package dev.tacit.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers from RFC 7914 (sections 8, 11 and 12). */
class ScryptTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void salsa208_matchesRfc7914Section8() {
    byte[] in =
        hex(
            "7e879a214f3ec9867ca940e641718f26baee555b8c61c1b50df846116dcd3b1d"
                + "ee24f319df9b3d8514121e4b5ac5aa3276021d2909c74829edebc68db8b8c25e");
    byte[] out =
        hex(
            "a41f859c6608cc993b81cacb020cef05044b2181a2fd337dfd7b1c6396682f29"
                + "b4393168e3c9e6bcfe6bc5b7a06d96bae424cc102c91745c24ad673dc7618f81");
    int[] b = new int[16];
    for (int i = 0; i < 16; i++) {
      b[i] =
          java.nio.ByteBuffer.wrap(in, 4 * i, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    }
    Scrypt.salsa208(b);
    for (int i = 0; i < 16; i++) {
      assertThat(b[i])
          .isEqualTo(
              java.nio.ByteBuffer.wrap(out, 4 * i, 4)
                  .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                  .getInt());
    }
  }

  @Test
  void pbkdf2_matchesRfc7914Section11() {
    assertThat(Scrypt.pbkdf2(ascii("passwd"), ascii("salt"), 64))
        .isEqualTo(
            hex(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                    + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"));
  }

  @Test
  void scrypt_emptyPasswordVector_matchesRfc7914Section12() {
    assertThat(Scrypt.derive(new byte[0], new byte[0], new Scrypt.Params(16, 1, 1), 64))
        .isEqualTo(
            hex(
                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                    + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"));
  }

  @Test
  void scrypt_naclVector_matchesRfc7914Section12() {
    assertThat(Scrypt.derive(ascii("password"), ascii("NaCl"), new Scrypt.Params(1024, 8, 16), 64))
        .isEqualTo(
            hex(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                    + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
  }

  @Test
  void scrypt_sodiumChlorideVector_matchesRfc7914Section12() {
    assertThat(
            Scrypt.derive(
                "pleaseletmein".toCharArray(),
                ascii("SodiumChloride"),
                new Scrypt.Params(16384, 8, 1),
                64))
        .isEqualTo(
            hex(
                "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                    + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"));
  }

  @Test
  void params_withNNotPowerOfTwo_fails() {
    assertThatThrownBy(() -> new Scrypt.Params(1000, 8, 1))
        .hasMessage("n must be a power of 2 greater than 1, was 1000");
  }
}
