package dev.tacit.protocol;

/**
 * CRC-32C (Castagnoli, RFC 3720 appendix B.4), the checksum of TensorFrames and of the SDK's store
 * files: the same values as the JDK's {@code java.util.zip.CRC32C}, which Android lacks.
 */
public final class Crc32c {
  private static final int[] TABLE = table();

  private Crc32c() {}

  /** The CRC-32C of {@code length} bytes of {@code bytes} from {@code offset}, in [0, 2^32). */
  public static long of(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new IndexOutOfBoundsException(
          "range [" + offset + ", " + offset + " + " + length + ") of " + bytes.length + " bytes");
    }
    int crc = ~0;
    for (int i = offset; i < offset + length; i++) {
      crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xff];
    }
    return Integer.toUnsignedLong(~crc);
  }

  /** The CRC-32C of all of {@code bytes}. */
  public static long of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  private static int[] table() {
    int[] table = new int[256];
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
      }
      table[n] = c;
    }
    return table;
  }
}
