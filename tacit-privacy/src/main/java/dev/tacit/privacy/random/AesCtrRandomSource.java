package dev.tacit.privacy.random;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Random bits from the AES-CTR keystream, produced 16 KiB at a time. */
final class AesCtrRandomSource implements RandomSource {
  private static final int BUFFER_BYTES = 16 * 1024;

  private final Cipher cipher;
  private final byte[] zeros = new byte[BUFFER_BYTES];
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final ByteBuffer longs = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
  private int position = BUFFER_BYTES;

  AesCtrRandomSource(byte[] key, byte[] iv) {
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR/NoPadding is not available", e);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public long nextLong() {
    if (position == BUFFER_BYTES) {
      refill();
    }
    long value = longs.getLong(position);
    position += Long.BYTES;
    return value;
  }

  private void refill() {
    try {
      int produced = cipher.update(zeros, 0, BUFFER_BYTES, buffer, 0);
      if (produced != BUFFER_BYTES) {
        throw new IllegalStateException("AES-CTR produced " + produced + " bytes");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR keystream failed", e);
    }
    position = 0;
  }

  @Override
  public String toString() {
    return "RandomSource[AES-CTR]";
  }
}
