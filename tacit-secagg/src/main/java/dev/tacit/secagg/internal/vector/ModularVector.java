package dev.tacit.secagg.internal.vector;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.crypto.MaskPrg;
import dev.tacit.secagg.message.MaskedInput;

/**
 * A mutable vector in Z_(2^32) (stored as ints, which wrap exactly) or Z_(2^64) (longs), to which
 * masked inputs and PRG streams are added.
 */
public final class ModularVector {
  private final int bits;
  private final int[] ints;
  private final long[] longs;

  private ModularVector(int bits, int length) {
    this.bits = bits;
    this.ints = bits == 32 ? new int[length] : null;
    this.longs = bits == 32 ? null : new long[length];
  }

  /**
   * A zero vector of {@code length} elements modulo 2^{@code bits}.
   *
   * @throws IllegalArgumentException if {@code bits} is not 32 or 64
   */
  public static ModularVector zeros(int bits, int length) {
    Preconditions.checkArgument(bits == 32 || bits == 64, "bits must be 32 or 64, was %d", bits);
    return new ModularVector(bits, length);
  }

  /** The vector with these residues. */
  public static ModularVector of(int bits, long[] values) {
    ModularVector vector = zeros(bits, values.length);
    for (int i = 0; i < values.length; i++) {
      if (bits == 32) {
        vector.ints[i] = (int) values[i];
      } else {
        vector.longs[i] = values[i];
      }
    }
    return vector;
  }

  /** Adds (or subtracts) the PRG expansion of {@code streamKey}. */
  public void addStream(byte[] streamKey, boolean subtract) {
    if (bits == 32) {
      MaskPrg.addTo(streamKey, ints, subtract);
    } else {
      MaskPrg.addTo(streamKey, longs, 64, subtract);
    }
  }

  /** Adds a masked input. */
  public void add(MaskedInput input) {
    if (bits == 32) {
      input.addTo(ints);
    } else {
      input.addTo(longs);
    }
  }

  /** Subtracts a masked input that was added before. */
  public void subtract(MaskedInput input) {
    Preconditions.checkArgument(
        input.length() == length(),
        "input length %d differs from vector length %d",
        input.length(),
        length());
    for (int i = 0; i < input.length(); i++) {
      if (bits == 32) {
        ints[i] -= (int) input.get(i);
      } else {
        longs[i] -= input.get(i);
      }
    }
  }

  /** The number of elements. */
  public int length() {
    return bits == 32 ? ints.length : longs.length;
  }

  /** Adds another vector of the same modulus and length. */
  public void add(ModularVector other) {
    if (bits == 32) {
      for (int i = 0; i < ints.length; i++) {
        ints[i] += other.ints[i];
      }
    } else {
      for (int i = 0; i < longs.length; i++) {
        longs[i] += other.longs[i];
      }
    }
  }

  /** Sets every element to zero. */
  public void clear() {
    if (bits == 32) {
      java.util.Arrays.fill(ints, 0);
    } else {
      java.util.Arrays.fill(longs, 0);
    }
  }

  /** This vector as a client's masked input, without a detour through {@code long}s for 32 bits. */
  public MaskedInput toMaskedInput(String sessionId, long round, int sender) {
    return bits == 32
        ? MaskedInput.ofInts(sessionId, round, sender, ints)
        : new MaskedInput(sessionId, round, sender, 64, longs);
  }

  /** The residues, each in [0, 2^bits) (as unsigned values for 64 bits). */
  public long[] toResidues() {
    if (bits == 64) {
      return longs.clone();
    }
    long[] out = new long[ints.length];
    for (int i = 0; i < ints.length; i++) {
      out[i] = Integer.toUnsignedLong(ints[i]);
    }
    return out;
  }
}
