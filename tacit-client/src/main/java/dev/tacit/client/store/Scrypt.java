package dev.tacit.client.store;

import static dev.tacit.check.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The scrypt memory-hard key derivation function (Percival &amp; Josefsson, RFC 7914): PBKDF2-HMAC-
 * SHA256 around ROMix of BlockMix of Salsa20/8. The JDK has no memory-hard KDF, so it is here.
 */
public final class Scrypt {
  private Scrypt() {}

  /**
   * The cost parameters: {@code n} (CPU/memory cost, a power of two above 1), {@code r} (block
   * size), {@code p} (parallelization). Memory is {@code 128 * r * n} bytes.
   */
  public record Params(int n, int r, int p) {
    /** Validates the parameters (RFC 7914, section 2). */
    public Params {
      if (n < 2 || (n & (n - 1)) != 0) {
        throw new IllegalArgumentException("n must be a power of 2 greater than 1, was " + n);
      }
      if (r < 1 || p < 1) {
        throw new IllegalArgumentException("r and p must be >= 1, were " + r + " and " + p);
      }
      if ((long) r * p >= 1 << 30) {
        throw new IllegalArgumentException("r * p must be < 2^30, was " + (long) r * p);
      }
      if ((long) 128 * r * n > Integer.MAX_VALUE || (long) 128 * r * p > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "128 * r * n must fit in memory (< 2 GiB), was " + (long) 128 * r * n);
      }
    }

    /** N = 2^15, r = 8, p = 1: 32 MiB and about 0.1 s on a laptop, the interactive choice. */
    public static Params interactive() {
      return new Params(1 << 15, 8, 1);
    }
  }

  /** scrypt of a passphrase (UTF-8 encoded). */
  public static byte[] derive(char[] passphrase, byte[] salt, Params params, int keyLength) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] password = new byte[encoded.remaining()];
    encoded.get(password);
    Arrays.fill(encoded.array(), (byte) 0);
    try {
      return derive(password, salt, params, keyLength);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /**
   * scrypt(P, S, N, r, p, dkLen) of RFC 7914, section 6.
   *
   * @throws IllegalArgumentException if {@code keyLength} is not in [1, 2^20]
   */
  public static byte[] derive(byte[] password, byte[] salt, Params params, int keyLength) {
    checkArgument(
        keyLength >= 1 && keyLength <= 1 << 20,
        "keyLength must be in [1, 2^20], was %s",
        keyLength);
    int r = params.r();
    int n = params.n();
    int blockBytes = 128 * r;
    byte[] b = pbkdf2(password, salt, params.p() * blockBytes);
    int[] x = new int[32 * r];
    int[] v = new int[32 * r * n];
    int[] y = new int[32 * r];
    for (int i = 0; i < params.p(); i++) {
      int off = i * blockBytes;
      for (int k = 0; k < 32 * r; k++) {
        x[k] = intLe(b, off + 4 * k);
      }
      roMix(x, v, y, r, n);
      for (int k = 0; k < 32 * r; k++) {
        putIntLe(b, off + 4 * k, x[k]);
      }
    }
    byte[] out = pbkdf2(password, b, keyLength);
    Arrays.fill(b, (byte) 0);
    Arrays.fill(v, 0);
    return out;
  }

  private static void roMix(int[] x, int[] v, int[] y, int r, int n) {
    int len = 32 * r;
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, 0, v, i * len, len);
      blockMix(x, y, r);
    }
    for (int i = 0; i < n; i++) {
      int j = x[(2 * r - 1) * 16] & (n - 1); // Integerify: the first word of the last block
      int o = j * len;
      for (int k = 0; k < len; k++) {
        x[k] ^= v[o + k];
      }
      blockMix(x, y, r);
    }
  }

  /** scryptBlockMix (RFC 7914, section 4): in place on {@code b}, with {@code y} as scratch. */
  private static void blockMix(int[] b, int[] y, int r) {
    int[] t = new int[16];
    System.arraycopy(b, (2 * r - 1) * 16, t, 0, 16);
    for (int i = 0; i < 2 * r; i++) {
      for (int k = 0; k < 16; k++) {
        t[k] ^= b[i * 16 + k];
      }
      salsa208(t);
      // even blocks go to the first half, odd to the second
      int dst = (i % 2 == 0 ? i / 2 : r + i / 2) * 16;
      System.arraycopy(t, 0, y, dst, 16);
    }
    System.arraycopy(y, 0, b, 0, 32 * r);
  }

  /** The Salsa20/8 core (RFC 7914, section 3). */
  static void salsa208(int[] b) {
    int[] x = b.clone();
    for (int i = 0; i < 8; i += 2) {
      x[4] ^= Integer.rotateLeft(x[0] + x[12], 7);
      x[8] ^= Integer.rotateLeft(x[4] + x[0], 9);
      x[12] ^= Integer.rotateLeft(x[8] + x[4], 13);
      x[0] ^= Integer.rotateLeft(x[12] + x[8], 18);
      x[9] ^= Integer.rotateLeft(x[5] + x[1], 7);
      x[13] ^= Integer.rotateLeft(x[9] + x[5], 9);
      x[1] ^= Integer.rotateLeft(x[13] + x[9], 13);
      x[5] ^= Integer.rotateLeft(x[1] + x[13], 18);
      x[14] ^= Integer.rotateLeft(x[10] + x[6], 7);
      x[2] ^= Integer.rotateLeft(x[14] + x[10], 9);
      x[6] ^= Integer.rotateLeft(x[2] + x[14], 13);
      x[10] ^= Integer.rotateLeft(x[6] + x[2], 18);
      x[3] ^= Integer.rotateLeft(x[15] + x[11], 7);
      x[7] ^= Integer.rotateLeft(x[3] + x[15], 9);
      x[11] ^= Integer.rotateLeft(x[7] + x[3], 13);
      x[15] ^= Integer.rotateLeft(x[11] + x[7], 18);
      x[1] ^= Integer.rotateLeft(x[0] + x[3], 7);
      x[2] ^= Integer.rotateLeft(x[1] + x[0], 9);
      x[3] ^= Integer.rotateLeft(x[2] + x[1], 13);
      x[0] ^= Integer.rotateLeft(x[3] + x[2], 18);
      x[6] ^= Integer.rotateLeft(x[5] + x[4], 7);
      x[7] ^= Integer.rotateLeft(x[6] + x[5], 9);
      x[4] ^= Integer.rotateLeft(x[7] + x[6], 13);
      x[5] ^= Integer.rotateLeft(x[4] + x[7], 18);
      x[11] ^= Integer.rotateLeft(x[10] + x[9], 7);
      x[8] ^= Integer.rotateLeft(x[11] + x[10], 9);
      x[9] ^= Integer.rotateLeft(x[8] + x[11], 13);
      x[10] ^= Integer.rotateLeft(x[9] + x[8], 18);
      x[12] ^= Integer.rotateLeft(x[15] + x[14], 7);
      x[13] ^= Integer.rotateLeft(x[12] + x[15], 9);
      x[14] ^= Integer.rotateLeft(x[13] + x[12], 13);
      x[15] ^= Integer.rotateLeft(x[14] + x[13], 18);
    }
    for (int i = 0; i < 16; i++) {
      b[i] += x[i];
    }
  }

  /**
   * PBKDF2-HMAC-SHA256 with one iteration (RFC 8018, section 5.2), as scrypt uses it. An empty
   * password is given to the JDK's HMAC as one zero byte: HMAC pads short keys with zeros to the
   * block size, so the two keys are the same.
   */
  static byte[] pbkdf2(byte[] password, byte[] salt, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] key = password.length == 0 ? new byte[1] : password;
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] counter = new byte[4];
      for (int block = 1, off = 0; off < length; block++, off += 32) {
        mac.update(salt);
        counter[0] = (byte) (block >>> 24);
        counter[1] = (byte) (block >>> 16);
        counter[2] = (byte) (block >>> 8);
        counter[3] = (byte) block;
        byte[] u = mac.doFinal(counter);
        System.arraycopy(u, 0, out, off, Math.min(32, length - off));
      }
      return out;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  private static int intLe(byte[] b, int o) {
    return (b[o] & 0xFF)
        | (b[o + 1] & 0xFF) << 8
        | (b[o + 2] & 0xFF) << 16
        | (b[o + 3] & 0xFF) << 24;
  }

  private static void putIntLe(byte[] b, int o, int v) {
    b[o] = (byte) v;
    b[o + 1] = (byte) (v >>> 8);
    b[o + 2] = (byte) (v >>> 16);
    b[o + 3] = (byte) (v >>> 24);
  }
}
