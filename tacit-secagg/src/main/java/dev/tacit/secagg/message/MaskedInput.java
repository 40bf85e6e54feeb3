package dev.tacit.secagg.message;

import dev.tacit.secagg.internal.Preconditions;
import java.util.Arrays;
import java.util.Objects;

/**
 * Round 2, client to server: the masked input y_u, one residue modulo 2^{@code modulusBits} per
 * element. The vector is copied on construction and never exposed, so the message is immutable.
 */
public record MaskedInput(String sessionId, long round, int sender, int modulusBits, long[] values)
    implements SecAggMessage {

  /** Validates the fields and copies the vector. */
  public MaskedInput {
    SecAggMessage.checkHeader(sessionId, round, sender, "sender");
    Preconditions.checkArgument(
        modulusBits == 32 || modulusBits == 64,
        "modulusBits must be 32 or 64, was %d",
        modulusBits);
    Preconditions.checkNotNull(values, "values");
    values = values.clone();
    if (modulusBits == 32) {
      for (int i = 0; i < values.length; i++) {
        Preconditions.checkArgument(
            (values[i] >>> 32) == 0, "masked value at index %d must be in [0, 2^32)", i);
      }
    }
  }

  /** A copy of the masked vector. */
  @Override
  public long[] values() {
    return values.clone();
  }

  /** The number of elements. */
  public int length() {
    return values.length;
  }

  /** The element at {@code index}. */
  public long get(int index) {
    return values[index];
  }

  /**
   * Adds the masked vector to {@code accumulator}, element by element, modulo 2^64.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public void addTo(long[] accumulator) {
    Preconditions.checkArgument(
        accumulator.length == values.length,
        "accumulator length %d differs from vector length %d",
        accumulator.length,
        values.length);
    for (int i = 0; i < values.length; i++) {
      accumulator[i] += values[i];
    }
  }

  /**
   * Adds the masked vector to {@code accumulator} modulo 2^32 (for 32-bit sessions).
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public void addTo(int[] accumulator) {
    Preconditions.checkArgument(
        accumulator.length == values.length,
        "accumulator length %d differs from vector length %d",
        accumulator.length,
        values.length);
    for (int i = 0; i < values.length; i++) {
      accumulator[i] += (int) values[i];
    }
  }

  @Override
  public long encodedSize() {
    return SecAggMessage.headerSize(sessionId) + 1 + 4 + (long) values.length * (modulusBits / 8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskedInput
        && ((MaskedInput) o).sessionId.equals(sessionId)
        && ((MaskedInput) o).round == round
        && ((MaskedInput) o).sender == sender
        && ((MaskedInput) o).modulusBits == modulusBits
        && Arrays.equals(((MaskedInput) o).values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, round, sender, modulusBits, values.length);
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
        + values.length
        + "]";
  }
}
