package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import java.util.Arrays;
import java.util.Objects;

/**
 * Round 2, client to server: the masked input y_u, one residue modulo 2^{@code modulusBits} per
 * element. The vector is copied on construction and never exposed, so the message is immutable.
 *
 * <p>A 32-bit session's residues are held as {@code int}s: the server reads every masked input once
 * to add it into the sum, half as many bytes as {@code long}s.
 */
public final class MaskedInput implements SecAggMessage {
  private final String sessionId;
  private final long round;
  private final int sender;
  private final int modulusBits;
  private final int[] ints;
  private final long[] longs;

  /**
   * Validates the fields and copies the vector.
   *
   * @throws IllegalArgumentException if the header is invalid, {@code modulusBits} is not 32 or 64,
   *     or a 32-bit residue is outside [0, 2^32)
   */
  public MaskedInput(String sessionId, long round, int sender, int modulusBits, long[] values) {
    SecAggMessage.checkHeader(sessionId, round, sender, "sender");
    Preconditions.checkArgument(
        modulusBits == 32 || modulusBits == 64,
        "modulusBits must be 32 or 64, was %d",
        modulusBits);
    Preconditions.checkNotNull(values, "values");
    this.sessionId = sessionId;
    this.round = round;
    this.sender = sender;
    this.modulusBits = modulusBits;
    if (modulusBits == 32) {
      int[] copy = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        Preconditions.checkArgument(
            (values[i] >>> 32) == 0, "masked value at index %d must be in [0, 2^32)", i);
        copy[i] = (int) values[i];
      }
      this.ints = copy;
      this.longs = null;
    } else {
      this.ints = null;
      this.longs = values.clone();
    }
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public long round() {
    return round;
  }

  /**
   * A 32-bit session's masked input from its residues as {@code int}s (each the residue's low 32
   * bits, so every value is in range), copied.
   *
   * @throws IllegalArgumentException if the header is invalid
   */
  public static MaskedInput ofInts(String sessionId, long round, int sender, int[] residues) {
    SecAggMessage.checkHeader(sessionId, round, sender, "sender");
    Preconditions.checkNotNull(residues, "residues");
    return new MaskedInput(sessionId, round, sender, residues.clone());
  }

  private MaskedInput(String sessionId, long round, int sender, int[] ints) {
    this.sessionId = sessionId;
    this.round = round;
    this.sender = sender;
    this.modulusBits = 32;
    this.ints = ints;
    this.longs = null;
  }

  /** The id of the client that sent the message. */
  public int sender() {
    return sender;
  }

  /** 32 or 64. */
  public int modulusBits() {
    return modulusBits;
  }

  /** A copy of the masked vector, each residue in [0, 2^modulusBits) (unsigned for 64 bits). */
  public long[] values() {
    if (longs != null) {
      return longs.clone();
    }
    long[] out = new long[ints.length];
    for (int i = 0; i < ints.length; i++) {
      out[i] = Integer.toUnsignedLong(ints[i]);
    }
    return out;
  }

  /** The number of elements. */
  public int length() {
    return longs != null ? longs.length : ints.length;
  }

  /** The element at {@code index}. */
  public long get(int index) {
    return longs != null ? longs[index] : Integer.toUnsignedLong(ints[index]);
  }

  /**
   * Adds the masked vector to {@code accumulator}, element by element, modulo 2^64.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public void addTo(long[] accumulator) {
    checkLength(accumulator.length);
    if (longs != null) {
      for (int i = 0; i < longs.length; i++) {
        accumulator[i] += longs[i];
      }
    } else {
      for (int i = 0; i < ints.length; i++) {
        accumulator[i] += Integer.toUnsignedLong(ints[i]);
      }
    }
  }

  /**
   * Adds the masked vector to {@code accumulator} modulo 2^32 (for 32-bit sessions).
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public void addTo(int[] accumulator) {
    checkLength(accumulator.length);
    if (ints != null) {
      for (int i = 0; i < ints.length; i++) {
        accumulator[i] += ints[i];
      }
    } else {
      for (int i = 0; i < longs.length; i++) {
        accumulator[i] += (int) longs[i];
      }
    }
  }

  private void checkLength(int accumulatorLength) {
    Preconditions.checkArgument(
        accumulatorLength == length(),
        "accumulator length %d differs from vector length %d",
        accumulatorLength,
        length());
  }

  @Override
  public long encodedSize() {
    return SecAggMessage.headerSize(sessionId) + 1 + 4 + (long) length() * (modulusBits / 8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskedInput m
        && m.sessionId.equals(sessionId)
        && m.round == round
        && m.sender == sender
        && m.modulusBits == modulusBits
        && Arrays.equals(m.ints, ints)
        && Arrays.equals(m.longs, longs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, round, sender, modulusBits, length());
  }

  @Override
  public String toString() {
    return "MaskedInput[session="
        + sessionId
        + ", round="
        + round
        + ", sender="
        + sender
        + ", bits="
        + modulusBits
        + ", length="
        + length()
        + "]";
  }
}
