package dev.tacit.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.shamir.ShamirShare;
import org.junit.jupiter.api.Test;

/** The secret-holding types copy their bytes, zeroise them on destroy and never print them. */
class SecretTypesTest {

  @Test
  void secretBytes_copiesInAndOut_andDestroyZeroisesIt() {
    byte[] raw = {1, 2, 3};
    SecretBytes secret = SecretBytes.copyOf(raw);
    raw[0] = 9;
    secret.bytes()[1] = 9;

    assertThat(secret.bytes()).containsExactly(1, 2, 3);
    assertThat(secret.length()).isEqualTo(3);
    assertThat(secret).isEqualTo(SecretBytes.copyOf(new byte[] {1, 2, 3}));
    assertThat(secret).hasSameHashCodeAs(SecretBytes.copyOf(new byte[] {1, 2, 3}));
    assertThat(secret).isNotEqualTo(SecretBytes.copyOf(new byte[] {1, 2, 4}));
    assertThat(secret.toString()).isEqualTo("SecretBytes[3 bytes, redacted]");
    secret.destroy();
    assertThat(secret.bytes()).containsExactly(0, 0, 0);
  }

  @Test
  void secretBytes_random_drawsFreshBytes_andRefusesAnEmptySecret() {
    SecretBytes a = SecretBytes.random(32, TestRandom.seeded(1));
    SecretBytes b = SecretBytes.random(32, TestRandom.seeded(2));
    assertThat(a.bytes()).isNotEqualTo(new byte[32]).isNotEqualTo(b.bytes());
    assertThat(SecretBytes.random(1, TestRandom.seeded(1)).length()).isEqualTo(1);
    assertThatThrownBy(() -> SecretBytes.random(0, TestRandom.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must be >= 1, was 0");
  }

  @Test
  void x25519PrivateKey_destroyZeroisesTheScalar_andItIsNeverPrinted() {
    X25519PrivateKey key = X25519.generatePrivateKey(TestRandom.seeded(3));
    byte[] publicKey = X25519.publicKey(key);
    assertThat(key.scalar()).isNotEqualTo(new byte[32]);
    assertThat(X25519.publicKey(X25519PrivateKey.of(key.scalar()))).isEqualTo(publicKey);
    assertThat(key.toString()).isEqualTo("X25519PrivateKey[redacted]");

    key.destroy();

    assertThat(key.scalar()).isEqualTo(new byte[32]);
    assertThatThrownBy(() -> X25519PrivateKey.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scalar must be 32 bytes long, was 31");
  }

  @Test
  void shamirShare_checksItsValues_copiesThem_andPrintsNoValue() {
    long[] values = {0, Shamir61.P - 1};
    ShamirShare share = ShamirShare.of(1, values);
    values[0] = 5;
    share.values()[1] = 5;

    assertThat(share.values()).containsExactly(0, Shamir61.P - 1);
    assertThat(share.chunkCount()).isEqualTo(2);
    assertThat(share).isEqualTo(ShamirShare.of(1, new long[] {0, Shamir61.P - 1}));
    assertThat(share).hasSameHashCodeAs(ShamirShare.of(1, new long[] {0, Shamir61.P - 1}));
    assertThat(share).isNotEqualTo(ShamirShare.of(2, new long[] {0, Shamir61.P - 1}));
    assertThat(share).isNotEqualTo(ShamirShare.of(1, new long[] {1, Shamir61.P - 1}));
    assertThat(share.toString()).isEqualTo("ShamirShare[x=1, 2 chunks, redacted]");
    assertThatThrownBy(() -> ShamirShare.of(1, new long[] {Shamir61.P}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share value 0 must be in [0, 2^61 - 1), was out of range");
    assertThatThrownBy(() -> ShamirShare.of(1, new long[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShamirShare.of(0, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("share x-coordinate must be >= 1, was 0");
    assertThatThrownBy(() -> ShamirShare.of(1, new long[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a share needs at least one chunk value");
  }

  /** The field prime, spelled out. */
  private static final class Shamir61 {
    static final long P = (1L << 61) - 1;
  }
}
