package dev.tacit.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A binary frame holding one tensor (see {@code PROTOCOL.md}): magic {@code "TCT1"}, version u16,
 * dtype u8, rank u8, the shape as u32s, the little-endian payload, and a CRC32C (RFC 3720) of all
 * the bytes before it. Every field is little-endian. Immutable.
 */
public final class TensorFrame {
  /** The frame format version this code writes and reads. */
  public static final int VERSION = 1;

  /** The largest rank a frame may have. */
  public static final int MAX_RANK = 8;

  private static final byte[] MAGIC = "TCT1".getBytes(StandardCharsets.US_ASCII);
  private static final int PREFIX = 4 + 2 + 1 + 1;

  /** The element types. */
  public enum DType {
    /** IEEE 754 binary32, finite. */
    F32(1, 4),
    /** Signed 32-bit integers. */
    I32(2, 4),
    /** 64-bit residues (modular integers, read as signed longs). */
    I64(3, 8);

    private final int code;
    private final int size;

    DType(int code, int size) {
      this.code = code;
      this.size = size;
    }

    /** The code of the type in a frame. */
    public int code() {
      return code;
    }

    /** The bytes of one element. */
    public int size() {
      return size;
    }

    static DType of(int code) {
      for (DType d : values()) {
        if (d.code == code) {
          return d;
        }
      }
      throw new ProtocolException(
          "unknown dtype " + code + " (known: 1 = f32, 2 = i32, 3 = i64 residues)");
    }
  }

  private final DType dtype;
  private final int[] shape;
  private final Object data;

  private TensorFrame(DType dtype, int[] shape, Object data) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  /** A float tensor (copied); every value must be finite. */
  public static TensorFrame ofFloats(int[] shape, float[] values) {
    checkShape(shape, values.length);
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new ProtocolException("values must be finite, values[" + i + "] was " + values[i]);
      }
    }
    return new TensorFrame(DType.F32, shape.clone(), values.clone());
  }

  /** An int tensor (copied). */
  public static TensorFrame ofInts(int[] shape, int[] values) {
    checkShape(shape, values.length);
    return new TensorFrame(DType.I32, shape.clone(), values.clone());
  }

  /** A tensor of 64-bit residues (copied). */
  public static TensorFrame ofLongs(int[] shape, long[] values) {
    checkShape(shape, values.length);
    return new TensorFrame(DType.I64, shape.clone(), values.clone());
  }

  private static void checkShape(int[] shape, int length) {
    if (shape.length > MAX_RANK) {
      throw new ProtocolException("rank must be <= " + MAX_RANK + ", was " + shape.length);
    }
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) {
        throw new ProtocolException("shape[" + i + "] must be >= 0, was " + shape[i]);
      }
      n *= shape[i];
    }
    if (n != length) {
      throw new ProtocolException(
          "shape "
              + Arrays.toString(shape)
              + " has "
              + n
              + " elements but "
              + length
              + " values were given");
    }
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements. */
  public int size() {
    return switch (dtype) {
      case F32 -> ((float[]) data).length;
      case I32 -> ((int[]) data).length;
      case I64 -> ((long[]) data).length;
    };
  }

  /**
   * A copy of the float values.
   *
   * @throws IllegalStateException if the frame is not f32
   */
  public float[] floats() {
    requireType(DType.F32);
    return ((float[]) data).clone();
  }

  /** A copy of the int values; the frame must be i32. */
  public int[] ints() {
    requireType(DType.I32);
    return ((int[]) data).clone();
  }

  /** A copy of the residues; the frame must be i64. */
  public long[] longs() {
    requireType(DType.I64);
    return ((long[]) data).clone();
  }

  private void requireType(DType wanted) {
    if (dtype != wanted) {
      throw new IllegalStateException("the frame holds " + dtype + ", not " + wanted);
    }
  }

  /** The encoded length of this frame in bytes. */
  public int encodedLength() {
    return PREFIX + 4 * shape.length + size() * dtype.size + 4;
  }

  /** The frame's bytes. */
  public byte[] encode() {
    long length = (long) PREFIX + 4L * shape.length + (long) size() * dtype.size + 4;
    if (length > Integer.MAX_VALUE - 8) {
      throw new ProtocolException("a frame must be < 2 GiB, this one would be " + length);
    }
    ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putShort((short) VERSION).put((byte) dtype.code).put((byte) shape.length);
    for (int s : shape) {
      b.putInt(s);
    }
    switch (dtype) {
      case F32 -> b.asFloatBuffer().put((float[]) data);
      case I32 -> b.asIntBuffer().put((int[]) data);
      case I64 -> b.asLongBuffer().put((long[]) data);
    }
    int end = b.capacity() - 4;
    b.putInt(end, (int) Crc32c.of(b.array(), 0, end));
    return b.array();
  }

  /**
   * Decodes a frame.
   *
   * @throws ProtocolException on a bad magic, an unknown version or dtype, a rank above {@link
   *     #MAX_RANK}, a truncated or over-long frame, a CRC mismatch, or a non-finite float
   */
  public static TensorFrame decode(byte[] bytes) {
    if (bytes.length < PREFIX + 4) {
      throw new ProtocolException(
          "truncated frame: " + bytes.length + " bytes, a frame has at least " + (PREFIX + 4));
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new ProtocolException("bad magic: a frame starts with \"TCT1\"");
      }
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int version = Short.toUnsignedInt(b.getShort(4));
    if (version != VERSION) {
      throw new ProtocolException(
          "unknown frame version " + version + " (this code reads version " + VERSION + ")");
    }
    DType dtype = DType.of(Byte.toUnsignedInt(b.get(6)));
    int rank = Byte.toUnsignedInt(b.get(7));
    if (rank > MAX_RANK) {
      throw new ProtocolException("rank must be <= " + MAX_RANK + ", was " + rank);
    }
    long header = PREFIX + 4L * rank;
    if (bytes.length < header + 4) {
      throw new ProtocolException(
          "truncated frame: " + bytes.length + " bytes, the header alone needs " + (header + 4));
    }
    int[] shape = new int[rank];
    long n = 1;
    for (int i = 0; i < rank; i++) {
      long s = Integer.toUnsignedLong(b.getInt(PREFIX + 4 * i));
      if (s > Integer.MAX_VALUE) {
        throw new ProtocolException("shape[" + i + "] is too large: " + s);
      }
      shape[i] = (int) s;
      n *= s;
      if (n > Integer.MAX_VALUE) {
        throw new ProtocolException("the frame's shape has more than 2^31 - 1 elements");
      }
    }
    long expected = header + n * dtype.size + 4;
    if (bytes.length < expected) {
      throw new ProtocolException(
          "truncated frame: shape "
              + Arrays.toString(shape)
              + " of "
              + dtype
              + " needs "
              + expected
              + " bytes, got "
              + bytes.length);
    }
    if (bytes.length > expected) {
      throw new ProtocolException(
          "shape/payload mismatch: shape "
              + Arrays.toString(shape)
              + " of "
              + dtype
              + " needs "
              + expected
              + " bytes, got "
              + bytes.length);
    }
    int end = bytes.length - 4;
    long computed = Crc32c.of(bytes, 0, end);
    long stored = Integer.toUnsignedLong(b.getInt(end));
    if (computed != stored) {
      throw new ProtocolException(
          String.format(
              "CRC32C mismatch: the frame says %08x, its bytes give %08x", stored, computed));
    }
    ((java.nio.Buffer) b).position((int) header);
    int count = (int) n;
    return switch (dtype) {
      case F32 -> {
        float[] v = new float[count];
        b.asFloatBuffer().get(v);
        yield ofFloats(shape, v);
      }
      case I32 -> {
        int[] v = new int[count];
        b.asIntBuffer().get(v);
        yield new TensorFrame(DType.I32, shape, v);
      }
      case I64 -> {
        long[] v = new long[count];
        b.asLongBuffer().get(v);
        yield new TensorFrame(DType.I64, shape, v);
      }
    };
  }

  /** The CRC32C trailer of an encoded frame, as an unsigned value. */
  public static long crcOf(byte[] frame) {
    if (frame.length < 4) {
      throw new ProtocolException("truncated frame: " + frame.length + " bytes");
    }
    return Integer.toUnsignedLong(
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(frame.length - 4));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TensorFrame f) || dtype != f.dtype || !Arrays.equals(shape, f.shape)) {
      return false;
    }
    return switch (dtype) {
      case F32 -> Arrays.equals((float[]) data, (float[]) f.data);
      case I32 -> Arrays.equals((int[]) data, (int[]) f.data);
      case I64 -> Arrays.equals((long[]) data, (long[]) f.data);
    };
  }

  @Override
  public int hashCode() {
    return dtype.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "TensorFrame[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}
