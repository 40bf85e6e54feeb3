package dev.tacit.secagg.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** An unambiguous byte encoding for key-derivation info, associated data and signed payloads. */
public final class Encoding {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(96);

  private Encoding() {}

  /** A new, empty encoding. */
  public static Encoding create() {
    return new Encoding();
  }

  /** Appends a UTF-8 string, prefixed with its length as a 4-byte big-endian integer. */
  public Encoding string(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int32(bytes.length);
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** Appends a byte string, prefixed with its length as a 4-byte big-endian integer. */
  public Encoding bytes(byte[] value) {
    int32(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  /** Appends a 4-byte big-endian integer. */
  public Encoding int32(int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  /** Appends an 8-byte big-endian integer. */
  public Encoding int64(long value) {
    int32((int) (value >>> 32));
    int32((int) value);
    return this;
  }

  /** The bytes appended so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
