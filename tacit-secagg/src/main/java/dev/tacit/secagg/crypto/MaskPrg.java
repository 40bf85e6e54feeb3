package dev.tacit.secagg.crypto;

import dev.tacit.check.Preconditions;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mask PRG: AES-128 in counter mode (NIST SP 800-38A) keyed by a 32-byte stream key from {@link
 * KeySchedule} (16 bytes of AES key, 16 bytes of initial counter block), expanded to one 32- or
 * 64-bit little-endian word per vector element and added into (or subtracted from) a vector modulo
 * 2^64, which is also correct modulo 2^32.
 *
 * <p>Each stream uses a fresh {@link Cipher}; the keystream is produced in chunks into a per-thread
 * buffer, so expansion runs at the speed of the JDK's AES-NI intrinsic.
 */
public final class MaskPrg {
  /** Length in bytes of a stream key. */
  public static final int STREAM_KEY_LENGTH = 32;

  private static final String TRANSFORMATION = "AES/CTR/NoPadding";

  /**
   * The provider the JDK picks for AES-CTR, looked up once: {@code Cipher.getInstance} by name
   * searches the provider list on every call, which cost about 4% of a simulated round.
   */
  private static final Provider PROVIDER = provider();

  private static final int CHUNK = 32 * 1024;
  private static final byte[] ZEROS = new byte[CHUNK];
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private MaskPrg() {}

  /**
   * Adds (or, if {@code subtract}, subtracts) the expansion of {@code streamKey} to every element
   * of {@code accumulator}, one {@code modulusBits}-bit word per element.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes or {@code modulusBits} is not 32 or
   *     64
   */
  public static void addTo(
      byte[] streamKey, long[] accumulator, int modulusBits, boolean subtract) {
    Preconditions.checkNotNull(accumulator, "accumulator");
    Cipher cipher = newCipher(streamKey, modulusBits);
    Scratch scratch = SCRATCH.get();
    int perChunk = CHUNK / (modulusBits / Byte.SIZE);
    for (int base = 0; base < accumulator.length; base += perChunk) {
      int count = Math.min(perChunk, accumulator.length - base);
      if (modulusBits == 32) {
        add(accumulator, base, scratch.ints(cipher, count), count, subtract);
      } else {
        add(accumulator, base, scratch.longs(cipher, count), count, subtract);
      }
    }
  }

  /*
   * One loop per pair of element types: each compiles to its own vectorized loop, with the
   * sign extension of a 32-bit word into a long accumulator where the types differ.
   */
  private static void add(long[] accumulator, int base, int[] words, int count, boolean subtract) {
    if (subtract) {
      for (int i = 0; i < count; i++) {
        accumulator[base + i] -= words[i];
      }
    } else {
      for (int i = 0; i < count; i++) {
        accumulator[base + i] += words[i];
      }
    }
  }

  private static void add(long[] accumulator, int base, long[] words, int count, boolean subtract) {
    if (subtract) {
      for (int i = 0; i < count; i++) {
        accumulator[base + i] -= words[i];
      }
    } else {
      for (int i = 0; i < count; i++) {
        accumulator[base + i] += words[i];
      }
    }
  }

  /**
   * Adds (or, if {@code subtract}, subtracts) the expansion of {@code streamKey} to every element
   * of {@code accumulator}, one 32-bit word per element, modulo 2^32 (the fast path for 32-bit
   * sessions: int arithmetic wraps exactly like Z_(2^32) and vectorizes).
   *
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public static void addTo(byte[] streamKey, int[] accumulator, boolean subtract) {
    Preconditions.checkNotNull(accumulator, "accumulator");
    Cipher cipher = newCipher(streamKey, 32);
    Scratch scratch = SCRATCH.get();
    int perChunk = CHUNK / Integer.BYTES;
    for (int base = 0; base < accumulator.length; base += perChunk) {
      int count = Math.min(perChunk, accumulator.length - base);
      add(accumulator, base, scratch.ints(cipher, count), count, subtract);
    }
  }

  private static void add(int[] accumulator, int base, int[] words, int count, boolean subtract) {
    if (subtract) {
      for (int i = 0; i < count; i++) {
        accumulator[base + i] -= words[i];
      }
    } else {
      for (int i = 0; i < count; i++) {
        accumulator[base + i] += words[i];
      }
    }
  }

  /**
   * Writes the first {@code out.length} keystream bytes of {@code streamKey} into {@code out} (used
   * by known-answer tests and to measure the cost of expansion alone).
   */
  public static void keystream(byte[] streamKey, byte[] out) {
    Preconditions.checkNotNull(out, "out");
    Cipher cipher = newCipher(streamKey, 32);
    byte[] buffer = SCRATCH.get().bytes;
    for (int offset = 0; offset < out.length; offset += CHUNK) {
      int n = Math.min(CHUNK, out.length - offset);
      fill(cipher, buffer, n);
      System.arraycopy(buffer, 0, out, offset, n);
    }
  }

  /**
   * Generates the keystream a vector of {@code length} words needs and discards it, returning a
   * checksum of its last chunk: the cost of the PRG alone, as a lower bound for unmasking.
   */
  public static long expandOnly(byte[] streamKey, int length, int modulusBits) {
    Cipher cipher = newCipher(streamKey, modulusBits);
    byte[] buffer = SCRATCH.get().bytes;
    long total = (long) length * (modulusBits / 8);
    long checksum = 0;
    for (long done = 0; done < total; done += CHUNK) {
      int n = (int) Math.min(CHUNK, total - done);
      fill(cipher, buffer, n);
      checksum += buffer[0];
    }
    return checksum;
  }

  private static Cipher newCipher(byte[] streamKey, int modulusBits) {
    Preconditions.checkNotNull(streamKey, "streamKey");
    Preconditions.checkArgument(
        streamKey.length == STREAM_KEY_LENGTH,
        "stream key must be %d bytes long, was %d",
        STREAM_KEY_LENGTH,
        streamKey.length);
    Preconditions.checkArgument(
        modulusBits == 32 || modulusBits == 64,
        "modulusBits must be 32 or 64, was %d",
        modulusBits);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION, PROVIDER);
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(streamKey, 0, 16, "AES"),
          new IvParameterSpec(streamKey, 16, 16));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR/NoPadding is not available in this JDK", e);
    }
  }

  private static Provider provider() {
    try {
      return Cipher.getInstance(TRANSFORMATION).getProvider();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR/NoPadding is not available in this JDK", e);
    }
  }

  private static void fill(Cipher cipher, byte[] buffer, int n) {
    try {
      int written = cipher.update(ZEROS, 0, n, buffer, 0);
      if (written != n) {
        throw new IllegalStateException("AES-CTR produced " + written + " bytes, expected " + n);
      }
    } catch (ShortBufferException e) {
      throw new IllegalStateException("keystream buffer too short", e);
    }
  }

  /**
   * A thread's keystream buffer and its words: the bytes as little-endian ints and longs, copied
   * out in bulk (a memory copy on little-endian machines) into {@link #intWords} or {@link
   * #longWords}, so that adding the words to a vector is a plain loop over two arrays, which the
   * JIT vectorizes. Reading the words one by one through {@code ByteBuffer.getInt} took four times
   * as long as the AES itself.
   */
  private static final class Scratch {
    final byte[] bytes = new byte[CHUNK];
    private final IntBuffer intView =
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
    private final LongBuffer longView =
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    private final int[] intWords = new int[CHUNK / Integer.BYTES];
    private final long[] longWords = new long[CHUNK / Long.BYTES];

    /** The next {@code count} keystream words of {@code cipher} as 32-bit ints. */
    int[] ints(Cipher cipher, int count) {
      fill(cipher, bytes, count * Integer.BYTES);
      ((Buffer) intView).clear();
      intView.get(intWords, 0, count);
      return intWords;
    }

    /** The next {@code count} keystream words of {@code cipher} as 64-bit longs. */
    long[] longs(Cipher cipher, int count) {
      fill(cipher, bytes, count * Long.BYTES);
      ((Buffer) longView).clear();
      longView.get(longWords, 0, count);
      return longWords;
    }
  }
}
